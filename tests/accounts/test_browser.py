"""Real Chromium: a multi-role user logs in, picks a role, switches, and sees the other home page."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser import screenshot
from tests.factories import DEMO_PASSWORD, assign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_multi_role_user_switches_role_in_browser(page, world):
    u = world.roles["sd_op"].user
    smp = assign(u, Role.OPERATOR, world.inst["smp"])
    page.goto(page.base + "/masuk/")
    page.fill("input[name=username]", u.username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/peran/")
    expect(page.locator("body")).to_contain_text("Pilih peran")
    page.click(f"[data-testid='role-{world.roles['sd_op'].pk}']")
    page.wait_for_selector("[data-testid=home-title]")
    assert "SD Negeri 1 Uji" in page.inner_text("[data-testid=home-title]")
    assert "Operator SD Negeri 1 Uji" in page.inner_text("[data-testid=acting-as]")

    page.click("[data-testid=switch-role]")
    page.click(f"[data-testid='role-{smp.pk}']")
    page.wait_for_selector("[data-testid=home-title]")
    assert "SMP Negeri 2 Uji" in page.inner_text("[data-testid=home-title]")
    assert "Operator SMP Negeri 2 Uji" in page.inner_text("[data-testid=acting-as]")
    screenshot(page, path="/tmp/padamu-switch-role.png", full_page=True)
