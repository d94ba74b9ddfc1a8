#!/usr/bin/env python3
"""Browser tests of `apdocs serve`: a real Chromium (Debian's package) driven by Playwright.

Makes a workspace from the repository's examples, adds a user, starts the server on a free
loopback port, then logs in, builds, creates a signing link and signs it by drawing on the
canvas in a fresh browser context (a phone), and checks the dashboard changed. Screenshots of
each page, desktop and phone width, go to docs/screenshots/. Prints 'N passed, M failed'.

    .build/browser-venv/bin/python Tests/web/run_browser_tests.py [--apdocs .build/debug/apdocs]
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

from playwright.sync_api import sync_playwright

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHOTS = os.path.join(REPO, "docs", "screenshots")
USER, PASSWORD = "tester", "a long test password"
PLACEMENT = "PL-2025-016"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Run:
    def __init__(self, apdocs):
        self.apdocs = apdocs
        self.tmp = tempfile.mkdtemp(prefix="apdocs-browser-")
        self.workspace = os.path.join(self.tmp, "ap")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.passed, self.failed = 0, 0
        self.sign_url = None

    def start(self):
        subprocess.run([self.apdocs, "init", self.workspace, "--examples", os.path.join(REPO, "examples"),
                        "--templates", os.path.join(REPO, "templates")], check=True, capture_output=True)
        # The sample pins issue_date (its autumn-2025 data reads the same every day); signatures
        # made here carry today's date, so the demo judges by today, as a live workspace does.
        config = os.path.join(self.workspace, "apdocs.yaml")
        with open(config) as f:
            lines = [line for line in f if not line.startswith("issue_date:")]
        with open(config, "w") as f:
            f.writelines(lines)
        subprocess.run([self.apdocs, "user", "add", USER, "--role", "staff", self.workspace],
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True)
        self.log = open(os.path.join(self.tmp, "serve.log"), "w")
        self.server = subprocess.Popen([self.apdocs, "serve", self.workspace, "--port", str(self.port)],
                                       stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/login", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start; see " + self.log.name)

    def stop(self):
        self.server.terminate()
        self.server.wait(timeout=10)
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def check(self, name, body):
        try:
            body()
            self.passed += 1
            print(f"ok   {name}")
        except Exception:
            self.failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()

    def shoot(self, page, name, full=True, focus=None):
        """The page at desktop width, then at phone width: full length, or (long forms) the
        screen around `focus`."""
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            if focus:
                page.locator(focus).scroll_into_view_if_needed()
            page.screenshot(path=os.path.join(SHOTS, f"{name}-{label}.png"), full_page=full)
        page.set_viewport_size(DESKTOP)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--apdocs", default=os.path.join(REPO, ".build", "debug", "apdocs"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--screenshots", help="where to write the screenshots (make screenshots: docs/screenshots); "
                        "by default a temporary folder, so make test leaves the tree as it was")
    args = parser.parse_args()
    global SHOTS
    SHOTS = os.path.abspath(args.screenshots) if args.screenshots else tempfile.mkdtemp(prefix="apdocs_shots_")
    if not args.screenshots:
        import atexit
        atexit.register(shutil.rmtree, SHOTS, True)
    os.makedirs(SHOTS, exist_ok=True)
    run = Run(os.path.abspath(args.apdocs))
    run.start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, headless=True)
            staff = browser.new_context(viewport=DESKTOP, locale="en-GB")
            page = staff.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))

            def wrong_password():
                page.goto(run.base + "/")
                assert page.url.endswith("/login"), page.url
                page.fill("#username", USER)
                page.fill("#password", "not the password")
                page.click("button[type=submit]")
                assert "not right" in page.inner_text("main")
                run.shoot(page, "login")

            def login_and_dashboard():
                page.fill("#username", USER)
                page.fill("#password", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(run.base + "/")
                assert page.inner_text("h1") == "To do"
                text = page.inner_text("main")
                assert f"{PLACEMENT}: the agreement still needs the signatures of" in text
                assert "a parent or carer" in page.inner_text(f"a[href='/placements/{PLACEMENT}']")
                run.shoot(page, "dashboard")

            def edit_with_an_error_then_fix_it():
                page.goto(run.base + f"/placements/{PLACEMENT}")
                page.click("text=Edit")
                planned_end = page.input_value("#f-planned_end")
                page.fill("#f-planned_end", "2020-01-31")
                page.fill("#f-staff_liaison", "A weekly call between the SENCO and the provider, typed in the browser")
                page.click("button:has-text('Save')")
                message = page.inner_text("#f-planned_end-issues")
                assert message.strip(), "an error beside the field"
                assert page.input_value("#f-staff_liaison") == "A weekly call between the SENCO and the provider, typed in the browser", "typed value kept"
                assert page.input_value("#f-planned_end") == "2020-01-31", "typed date kept"
                run.shoot(page, "edit-refused", full=False, focus="#f-planned_end")
                page.fill("#f-planned_end", planned_end)
                page.click("button:has-text('Save')")
                page.wait_for_selector("text=Saved.")
                with open(os.path.join(run.workspace, "placements", f"{PLACEMENT}.yaml")) as f:
                    yaml = f.read()
                assert "staff_liaison: A weekly call between the SENCO and the provider, typed in the browser" in yaml, yaml
                assert yaml.startswith("# A pupil with an EHC plan"), "comments kept"

            def create_a_provider():
                page.click("nav >> text=Providers")
                page.click("text=New provider")
                page.fill("#f-id", "PRV-BRW")
                page.fill("#f-name", "Browser Farm")
                page.select_option("#f-kind", "non-school")
                page.fill("#f-sites-0--id", "S1")
                page.fill("#f-sites-0--address", "Lane End\nNorthtown")
                page.click("button:has-text('Save')")
                assert "Not saved" in page.inner_text("main")
                assert page.input_value("#f-name") == "Browser Farm", "typed value kept"
                assert page.locator("fieldset.map .error").count() >= 1, "messages beside the contacts"
                run.shoot(page, "new-provider-refused", full=False)
                page.fill("#f-dsl-name", "Ms Lead")
                page.fill("#f-dsl-phone", "01632 960 777")
                page.fill("#f-attendance_contact-name", "Mr Office")
                page.fill("#f-attendance_contact-phone", "01632 960 778")
                page.click("button:has-text('Save')")
                page.wait_for_selector("text=Saved.")
                assert os.path.exists(os.path.join(run.workspace, "providers", "PRV-BRW.yaml"))

            def create_a_placement():
                import datetime
                today = datetime.date.today()
                start = today + datetime.timedelta(days=35 - today.weekday())  # a Monday five weeks on
                page.click("nav >> text=Placements")
                page.click("text=New placement")
                for selector, value in [("#f-id", "PL-2099-001"), ("#f-school", "SCH-RVA"), ("#f-provider", "PRV-NSC"),
                                        ("#f-pupil-key", "RVA-P-0999"), ("#f-pupil-name", "Sam Browser"),
                                        ("#f-pupil-year_group", "10"), ("#f-pupil-date_of_birth", "2011-03-02"),
                                        ("#f-supervised_by-name", "Mr Daniel Okafor"),
                                        ("#f-supervised_by-role", "Assistant Headteacher (Inclusion)"),
                                        ("#f-supervised_by-phone", "01632 960 105"),
                                        ("#f-start", start.isoformat()),
                                        ("#f-planned_end", (start + datetime.timedelta(days=60)).isoformat()),
                                        ("#f-sessions-0--start", "09:00"), ("#f-sessions-0--end", "15:00"),
                                        ("#f-sessions-0--site", "S1")]:
                    page.fill(selector, value)
                page.select_option("#f-basis", "school")
                page.select_option("#f-attendance_code", "B")
                page.select_option("#f-sessions-0--day", "Monday")
                page.click("button:has-text('Save')")
                assert "Not saved" in page.inner_text("main")
                assert page.inner_text("#f-reviews-issues").strip(), "the reviews error beside its field"
                assert page.input_value("#f-pupil-name") == "Sam Browser", "typed value kept"
                assert page.input_value("#f-sessions-0--start") == "09:00", "a group row kept as typed"
                page.select_option("#f-rest_of_week-0--where", "school")
                for day in ["Tuesday", "Wednesday", "Thursday", "Friday"]:
                    page.check(f"#f-rest_of_week-0--days-{day}")
                page.fill("#f-rest_of_week-0--hours", "26")
                page.fill("#f-reviews", (start + datetime.timedelta(days=28)).isoformat())
                page.click("button:has-text('Save')")
                page.wait_for_selector("text=Saved.")
                with open(os.path.join(run.workspace, "placements", "PL-2099-001.yaml")) as f:
                    yaml = f.read()
                assert '- {day: Monday, start: "09:00", end: "15:00", site: S1}' in yaml, yaml
                assert "days: [Tuesday, Wednesday, Thursday, Friday]" in yaml, yaml

            def build_documents():
                page.click("nav >> text=Documents")
                page.click("text=Build the documents")
                page.wait_for_selector("text=Build finished")
                assert f"{PLACEMENT}/placement-agreement" in page.inner_text("table")
                with page.expect_download() as download:
                    page.click(f"a[href='/download?path={PLACEMENT}%2Fplacement-agreement.docx']")
                path = download.value.path()
                with open(path, "rb") as f:
                    assert f.read(2) == b"PK", "a DOCX is a zip package"
                run.shoot(page, "documents")
                page.click(f"a[href='/documents/preview?path={PLACEMENT}%2Fplacement-agreement.docx']")
                assert "placement-agreement" in page.inner_text("h1")
                assert "no PDF of this document" in page.inner_text("main") or page.locator("iframe.preview").count() == 1

            def create_signing_link():
                page.goto(run.base + f"/placements/{PLACEMENT}")
                page.select_option("#role", "parent-carer")
                page.click("text=Create signing link")
                run.sign_url = page.input_value("input.copy")
                assert "/sign/" in run.sign_url, run.sign_url
                run.shoot(page, "placement")

            def sign_on_canvas():
                signer = browser.new_context(viewport=PHONE, locale="en-GB")
                phone = signer.new_page()
                phone.on("pageerror", lambda e: errors.append(str(e)))
                phone.goto(run.sign_url)
                assert "Sign the placement agreement" in phone.inner_text("h1")
                phone.set_viewport_size(DESKTOP)
                phone.screenshot(path=os.path.join(SHOTS, "sign-desktop.png"), full_page=True)
                phone.set_viewport_size(PHONE)
                phone.fill("#signer_name", "Browser Test Carer")
                phone.locator("#signature-pad").scroll_into_view_if_needed()
                box = phone.locator("#signature-pad").bounding_box()
                phone.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.6)
                phone.mouse.down()
                for i in range(1, 30):
                    phone.mouse.move(box["x"] + 20 + i * (box["width"] - 40) / 30, box["y"] + box["height"] * (0.3 + 0.3 * (i % 2)))
                phone.mouse.up()
                phone.check("#consent")
                phone.screenshot(path=os.path.join(SHOTS, "sign-phone.png"), full_page=True)
                phone.click("button:has-text('Sign')")
                phone.wait_for_selector("text=Thank you")
                phone.screenshot(path=os.path.join(SHOTS, "signed-phone.png"), full_page=True)
                with open(os.path.join(run.workspace, "placements", f"{PLACEMENT}.yaml")) as f:
                    yaml = f.read()
                assert 'role: parent-carer, name: "Browser Test Carer"' in yaml and "method: drawn" in yaml, yaml
                png = os.path.join(run.workspace, "placements", "signatures", f"{PLACEMENT}-parent-carer.png")
                assert os.path.getsize(png) > 500, "the drawing has strokes"
                # Single use: the same link now refuses.
                phone.goto(run.sign_url)
                assert "cannot be used" in phone.inner_text("h1")
                signer.close()

            def import_preview_and_confirm():
                csv_path = os.path.join(run.tmp, "export.csv")
                with open(csv_path, "w") as f:
                    f.write("UPN,Legal Surname,Forename,Date of Birth,Year,Placement ID,Provider,Start Date\n"
                            ",Import,Test,01/02/2012,8,PL-2026-101,PRV-NSC,2026-01-05\n"
                            "X9,Bad,Row,31/31/2011,9,,,\n")
                page.click("nav >> text=Import")
                page.set_input_files("#csv", csv_path)
                page.click("button:has-text('Preview')")
                table = page.inner_text("table")
                assert "PL-2026-101" in table and "is not a date" in table, table
                run.shoot(page, "import-preview")
                page.click("button:has-text('Import 1 row')")
                page.wait_for_selector("text=Imported: 1 file written")
                assert os.path.exists(os.path.join(run.workspace, "placements", "PL-2026-101.yaml"))

            def dashboard_changed():
                page.goto(run.base + "/")
                link = page.inner_text(f"a[href='/placements/{PLACEMENT}']")
                assert "a parent or carer" not in link, link
                assert "dated in the future" not in page.inner_text("main"), "a signature made today is not from the future"
                assert "pins issue_date" not in page.inner_text("main")
                assert errors == [], "script errors: %s" % errors

            for name, body in [("a wrong password is refused", wrong_password), ("log in, see the to-do list", login_and_dashboard),
                               ("see a field error and fix it", edit_with_an_error_then_fix_it),
                               ("create a provider through the form", create_a_provider),
                               ("create a placement through the form", create_a_placement),
                               ("build and download the agreement", build_documents), ("create a signing link", create_signing_link),
                               ("sign by drawing, in a fresh phone context", sign_on_canvas), ("the dashboard changes", dashboard_changed),
                               ("import a CSV: preview, then confirm", import_preview_and_confirm)]:
                run.check(name, body)
            browser.close()
    finally:
        run.stop()
    print(f"{run.passed} passed, {run.failed} failed")
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
