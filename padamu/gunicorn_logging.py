"""gunicorn's access log as one JSON object per line (values escaped, unlike a format string), with
the request id the app set on the response, so the access line joins the app's own log lines."""

import json
import traceback
from datetime import datetime

from gunicorn.glogging import Logger


class JsonAccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            atoms = self.atoms(resp, req, environ, request_time)
            line = {
                "time": datetime.now().astimezone().isoformat(timespec="milliseconds"),
                "level": "INFO",
                "logger": "gunicorn.access",
                "message": f"{atoms['m']} {atoms['U']} {atoms['s']}",
                "request_id": atoms.get("{x-request-id}o"),
                "remote": atoms["h"],
                "method": atoms["m"],
                "path": atoms["U"],
                "status": int(atoms["s"]),
                "bytes": atoms["B"],
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
            }
            self.access_log.info(json.dumps(line, ensure_ascii=False))
        except Exception:  # noqa: BLE001 - never fail a request over its log line
            self.error(traceback.format_exc())
