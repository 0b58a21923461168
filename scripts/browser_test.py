#!/usr/bin/env python3
"""The web pages in a real browser: Debian's chromium, headless, through chromium-driver.

Run by scripts/browser-test.sh against a live server loaded with `app demo` (six
stations), with BASE and ADMIN_TOKEN, SUPERVISOR_TOKEN, CLERK_TOKEN (a clerk of
`leifeng`) in the environment. Each test drives the pages as a person would and checks
what they show against the API's own answers. `--screenshots DIR` also saves the pages.
"""
import json
import os
import signal
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["BASE"]
ADMIN = os.environ["ADMIN_TOKEN"]
SUPERVISOR = os.environ["SUPERVISOR_TOKEN"]
CLERK = os.environ["CLERK_TOKEN"]
STATION = "leifeng"
WAIT = 30


def api(method, path, token, body=None):
    """The API's answer as JSON (status, json)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def query(parameters):
    return urllib.parse.urlencode(parameters, doseq=True)


def percent(rate):
    return "—" if rate is None else f"{rate * 100:.1f}%"


class Browser:
    """One headless chromium, with a fresh session storage per sign-in."""

    def __init__(self):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1366,768", "--lang=en-US", "--no-first-run", "--disable-extensions"]:
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(30)

    def quit(self):
        self.driver.quit()

    def wait(self, condition, timeout=WAIT):
        return WebDriverWait(self.driver, timeout).until(condition)

    def visible(self, css, timeout=WAIT):
        return self.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, css)), timeout)

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def open(self, route=""):
        """A fresh page: session storage cleared (on a page of the same origin that runs no
        script), so the page loads anew and asks for a token again."""
        self.driver.get(BASE + "/health")
        self.driver.execute_script("sessionStorage.clear()")
        self.driver.get(BASE + "/" + route)

    def sign_in(self, token, route=""):
        self.open(route)
        field = self.visible("#token-input")
        field.send_keys(token + Keys.ENTER)  # the keyboard alone signs in
        self.wait(lambda d: d.find_element(By.ID, "sign-in").get_attribute("hidden") is not None)

    def go(self, route):
        self.driver.execute_script("location.hash = arguments[0]", route)

    def text(self, css):
        return self.visible(css).text

    def key(self, key):
        """The text of the dashboard cell with data-key `key`."""
        return self.driver.find_element(By.CSS_SELECTOR, f'[data-key="{key}"]').text

    def screenshot(self, directory, name, width=1366, height=None):
        if not directory:
            return
        self.driver.set_window_size(width, height or 768)
        self.driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
        full = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(width, min(max(full, height or 768), 6000))
        time.sleep(0.3)
        self.driver.save_screenshot(os.path.join(directory, name))
        self.driver.set_window_size(1366, 768)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def steps_offered(browser):
    return [button.get_attribute("data-step") for button in browser.all("#next-steps button[data-step]")]


def choose(form, name, value):
    Select(form.find_element(By.CSS_SELECTOR, f'[name="{name}"]')).select_by_value(value)


def record_step(browser, step, values, expected_status):
    """Records a next step through its form; waits for the reloaded case to show it."""
    entries = len(browser.all("#timeline li.entry"))
    browser.visible(f'#next-steps button[data-step="{step}"]').click()
    form = browser.visible("#step-form form")
    for name, value in values.items():
        element = form.find_element(By.CSS_SELECTOR, f'[name="{name}"]')
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        else:
            element.send_keys(value)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    browser.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#timeline li.entry")) > entries)
    status = browser.text("#case-status").replace(" ", "_")
    check(status == expected_status, f"after {step} the case is {status}, expected {expected_status}")


# ---------------------------------------------------------------- the tests

def test_sign_in_is_required(browser, shots):
    browser.open()
    browser.visible("#token-input")
    check(browser.driver.find_element(By.ID, "nav").get_attribute("hidden") is not None, "the pages' links show before sign-in")
    check(browser.driver.find_element(By.ID, "page").text.strip() == "", "the page shows content before sign-in")
    browser.go("#/cases")
    time.sleep(0.3)
    check(not browser.all("#case-table"), "the case list shows without a token")
    browser.visible("#token-input").send_keys("lgr_not-a-real-token" + Keys.ENTER)
    browser.wait(lambda d: "unknown or revoked" in d.find_element(By.ID, "token-error").text)
    check(browser.driver.find_element(By.ID, "token-input").get_attribute("aria-invalid") == "true", "the token field is not marked invalid")
    check(browser.driver.execute_script("return sessionStorage.getItem('ledger.token')") is None, "a refused token was kept")
    browser.screenshot(shots, "sign-in.png")


def dashboard_filters(browser):
    stations = [box.get_attribute("value") for box in browser.all("#filters input[name=station]:checked")]
    return {"from": browser.visible("#filter-from").get_attribute("value"),
            "to": browser.visible("#filter-to").get_attribute("value"), "stationId": stations}


def dashboard_loaded(browser):
    browser.visible('#dashboard-body[data-loaded="true"]')


def test_dashboard_shows_the_apis_numbers(browser, shots):
    browser.sign_in(SUPERVISOR)
    dashboard_loaded(browser)
    filters = dashboard_filters(browser)
    check(STATION in filters["stationId"], f"the dashboard's stations are {filters['stationId']}")
    charts = browser.all("svg.chart")
    check(len(charts) >= 5, f"{len(charts)} charts drawn, expected at least 5")
    check(len(browser.all("svg.chart rect.bar")) > 20, "the charts have no bars")

    status, disputes = api("GET", "/stats/disputes?" + query({**filters, "groupBy": "station"}), SUPERVISOR)
    check(status == 200, f"/stats/disputes answered {status}")
    check(disputes["totals"]["logged"] > 100, "the demo's disputes are missing")
    for key, figures in [("total", disputes["totals"]), *[(row["stationId"], row) for row in disputes["rows"]]]:
        check(browser.key(f"{key}|logged") == str(figures["logged"]), f"{key} logged")
        for rate in ["mediationSuccessRate", "onSiteRate", "resolutionRate", "satisfactionRate"]:
            shown = browser.key(f"{key}|{rate}")
            check(shown == percent(figures[rate]), f"{key} {rate}: page {shown}, API {figures[rate]}")
            fraction = browser.key(f"{key}|{rate}Fraction")
            expected = f"{figures[rate + 'Numerator']} / {figures[rate + 'Denominator']}"
            check(fraction == expected, f"{key} {rate}: page {fraction}, API {expected}")

    status, alerts = api("GET", "/stats/alerts?" + query({**filters, "groupBy": "station"}), SUPERVISOR)
    check(status == 200, f"/stats/alerts answered {status}")
    totals = alerts["totals"]
    check(browser.key("total|response.count") == str(totals["response"]["count"]), "response count")
    for part in ["p50Seconds", "p90Seconds"]:
        cell = browser.driver.find_element(By.CSS_SELECTOR, f'[data-key="total|response.{part}"]')
        check(cell.get_attribute("data-value") == str(totals["response"][part]), f"response {part}")
    check(browser.key("total|withinTargetRateFraction") == f"{totals['withinTargetRateNumerator']} / {totals['withinTargetRateDenominator']}",
          "within-target share")
    for interval in ["dispatchDelay", "travel"]:
        cell = browser.driver.find_element(By.CSS_SELECTOR, f'[data-key="total|{interval}.p50Seconds"]')
        check(cell.get_attribute("data-value") == str(totals[interval]["p50Seconds"]), f"{interval} p50")

    status, monthly = api("GET", "/stats/alerts?" + query({**filters, "groupBy": ["month", "category"]}), SUPERVISOR)
    months = sorted({row["month"] for row in monthly["rows"]})
    check(months, "the demo's alerts are missing")
    for month in months:
        expected = sum(row["received"] for row in monthly["rows"] if row["month"] == month)
        check(browser.key(f"{month}|all|received") == str(expected), f"alerts in {month}")
    Select(browser.visible("#volume-category")).select_by_value("criminal")
    for month in months:
        expected = sum(row["received"] for row in monthly["rows"] if row["month"] == month and row["category"] == "criminal")
        check(browser.key(f"{month}|criminal|received") == str(expected), f"criminal alerts in {month}")

    status, compare = api("GET", "/stats/compare?" + query({"metric": "alerts.received", "period": "custom", "from": filters["from"],
                                                              "to": filters["to"], "stationId": filters["stationId"]}), SUPERVISOR)
    check(browser.key("compare|current") == str(compare["current"]), "the comparison's current count")
    check(browser.key("compare|previous") == str(compare["previous"]), "the comparison's earlier count")

    status, quiet = api("GET", "/stats/quiet-days?" + query({**filters, "category": "criminal"}), SUPERVISOR)
    check(browser.key("quiet|quietDays") == str(quiet["totals"]["quietDays"]), "quiet days")
    check(browser.key("quiet|days") == str(quiet["totals"]["days"]), "days counted")
    check(len(browser.all("svg.calendar rect.day.quiet")) == quiet["totals"]["quietDays"], "the calendar's quiet days")
    check(len(browser.all("svg.calendar rect.day")) == quiet["totals"]["days"], "the calendar's days")
    check(len(browser.all("button[data-csv]")) >= 5, "a chart has no CSV download")
    Select(browser.visible("#volume-category")).select_by_value("all")
    browser.screenshot(shots, "dashboard.png")


def fill_new_case(browser, values):
    form = browser.visible("form.entry-form")
    for name, value in values.items():
        element = form.find_element(By.CSS_SELECTOR, f'[name="{name}"]')
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        else:
            element.send_keys(value)
    return form


def case_id(browser, noun):
    browser.wait(lambda d: d.current_url.split("#")[-1].startswith(f"/{noun}/"))
    return browser.driver.current_url.split("/")[-1]


def total_mediation(token, filters):
    status, answer = api("GET", "/stats/disputes?" + query(filters), token)
    check(status == 200, f"/stats/disputes answered {status}")
    return answer["totals"]


def test_a_clerk_takes_a_dispute_and_an_alert_through_the_forms(browser, shots):
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))  # the demo station's calendar
    start = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 3 * 365 * 86400))  # before the demo's first day
    filters = {"from": start, "to": today, "stationId": STATION}
    before = total_mediation(SUPERVISOR, filters)

    browser.sign_in(CLERK)
    browser.visible("#case-table")
    check(browser.driver.find_element(By.ID, "nav-dashboard").get_attribute("hidden") is not None, "a clerk sees the dashboard link")
    browser.screenshot(shots, "cases.png")

    # A validation error from the API appears beside its field.
    browser.visible("#log-dispute").click()
    form = fill_new_case(browser, {"discoveredVia": "walk_in"})
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    error = browser.wait(lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, '[data-field="category"] .field-error') if e.text), None))
    check("category" in error.text and "required" in error.text, f"the category error says {error.text!r}")
    check(form.find_element(By.CSS_SELECTOR, '[name="category"]').get_attribute("aria-invalid") == "true", "the category field is not marked invalid")
    check(not any(e.text for e in form.find_elements(By.CSS_SELECTOR, '[data-field="discoveredVia"] .field-error')), "an error beside a valid field")
    browser.screenshot(shots, "validation.png")

    # Log a dispute with parties.
    choose(form, "category", "neighbour")
    summary = f"Noise between flats 3 and 4 ({uuid.uuid4().hex[:6]})"
    form.find_element(By.CSS_SELECTOR, '[name="summary"]').send_keys(summary)
    names = form.find_elements(By.CSS_SELECTOR, '[name="party-name"]')
    names[0].send_keys("Zhang Wei")
    names[1].send_keys("Li Na")
    form.find_element(By.CSS_SELECTOR, '[name="party-phone"]').send_keys("13800000000")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    dispute = case_id(browser, "dispute")
    browser.wait(lambda d: d.find_element(By.ID, "case-status").text == "logged")
    check(steps_offered(browser) == ["mediations", "referrals", "resolution", "closure"], f"logged offers {steps_offered(browser)}")
    status, stored = api("GET", f"/disputes/{dispute}?history=true", CLERK)
    check(stored["history"][0]["data"]["parties"] == [{"name": "Zhang Wei", "phone": "13800000000"}, {"name": "Li Na"}],
          f"the parties stored are {stored['history'][0]['data'].get('parties')}")

    record_step(browser, "mediations", {"mechanism": "peoples", "outcome": "agreement", "venue": "Community office"}, "in_mediation")
    offered = steps_offered(browser)
    check(offered == ["mediations", "referrals", "resolution"], f"in mediation offers {offered}")
    check("closure" not in offered, "closing a dispute in mediation (illegal) is offered")
    record_step(browser, "resolution", {"method": "mediation", "resolutionLevel": "community"}, "resolved")
    offered = steps_offered(browser)
    check(offered == ["reopening", "follow-ups"], f"resolved offers {offered}")
    check("mediations" not in offered and "resolution" not in offered, "a resolved dispute offers a mediation or a second resolution")
    entries = [entry.get_attribute("data-type") for entry in browser.all("#timeline li.entry")]
    check(entries == ["DisputeLogged", "MediationHeld", "DisputeResolved"], f"the timeline shows {entries}")
    record_step(browser, "follow-ups", {"reached": "true", "rating": "satisfied", "agreementKept": "true"}, "resolved")
    check(len(browser.all("#timeline li.entry")) == 4, "the follow-up is not in the timeline")
    browser.screenshot(shots, "case.png")
    browser.screenshot(shots, "case-phone.png", width=390, height=844)

    # A correction needs its reason: the API's error shows beside the field, then it is recorded.
    follow_up = browser.all('#timeline li.entry[data-type="FollowUpConducted"]')[0]
    follow_up.find_element(By.CSS_SELECTOR, 'button[data-correct="retract"]').click()
    correction = browser.visible('#timeline li.entry[data-type="FollowUpConducted"] form')
    correction.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    browser.wait(lambda d: any(e.text for e in d.find_elements(By.CSS_SELECTOR, '#timeline [data-field="reason"] .field-error')))
    correction.find_element(By.CSS_SELECTOR, '[name="reason"]').send_keys("entered on the wrong dispute")
    correction.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    browser.wait(lambda d: d.find_elements(By.CSS_SELECTOR, '#timeline li.entry.retracted[data-type="FollowUpConducted"]'))
    check(browser.all('#timeline li.entry[data-type="EntryRetracted"]'), "the retraction is not in the timeline")

    # The case list finds it (once the projector has applied it), by its id's first characters.
    browser.go(f"#/cases?kind=disputes&state=any&q={dispute[:8]}")
    deadline = time.time() + WAIT
    while not browser.all(f'#case-table tr[data-id="{dispute}"]'):
        check(time.time() < deadline, "the new dispute does not appear in the case list")
        time.sleep(0.5)
        browser.driver.refresh()
        browser.visible("#case-list")
    row = browser.all(f'#case-table tr[data-id="{dispute}"]')[0]
    check("resolved" in row.text and summary in row.text, f"the list shows {row.text!r}")

    # Log an alert, dispatch a unit: an arrival is offered only once a unit is on its way.
    browser.go("#/new/alert")
    form = fill_new_case(browser, {"channel": "phone_110", "category": "public_order", "summary": "Fight outside the market"})
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    alert = case_id(browser, "alert")
    browser.wait(lambda d: d.find_element(By.ID, "case-status").text == "received")
    offered = steps_offered(browser)
    check("arrivals" not in offered and "dispatches" in offered, f"a received alert offers {offered}")
    record_step(browser, "dispatches", {"unitId": "P7"}, "dispatched")
    check("arrivals" in steps_offered(browser), "a dispatched alert does not offer an arrival")
    check("en-route" in steps_offered(browser), "a dispatched alert does not offer an en-route entry")
    record_step(browser, "en-route", {"unitId": "P7"}, "dispatched")
    check("en-route" not in steps_offered(browser), "a unit already en route is offered en route again")
    record_step(browser, "arrivals", {"unitId": "P7"}, "on_scene")
    check("cancellation" not in steps_offered(browser), "an alert on scene offers a cancellation (illegal)")
    # Cleared, then the caller rings again: reopened, it is back on scene.
    record_step(browser, "clearance", {"disposition": "handled"}, "cleared")
    check("reopening" in steps_offered(browser), "a cleared alert does not offer a reopening")
    record_step(browser, "reopening", {"reason": "The caller rang again"}, "on_scene")
    browser.go("#/cases?kind=alerts&state=open")
    deadline = time.time() + WAIT
    while not browser.all(f'#case-table tr[data-id="{alert}"]'):
        check(time.time() < deadline, "the new alert does not appear in the open alerts")
        time.sleep(0.5)
        browser.driver.refresh()
        browser.visible("#case-list")

    # The station's rates moved by exactly this dispute, as the supervisor's dashboard shows.
    browser.sign_in(SUPERVISOR)
    dashboard_loaded(browser)
    for box in browser.all("#filters input[name=station]"):
        if box.is_selected() != (box.get_attribute("value") == STATION):
            box.click()
    browser.driver.execute_script(f"document.getElementById('filter-from').value = '{start}'")
    browser.driver.execute_script(f"document.getElementById('filter-to').value = '{today}'")
    deadline = time.time() + WAIT
    while True:
        browser.driver.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
        dashboard_loaded(browser)
        shown = browser.key("total|mediationSuccessRateFraction")
        expected = f"{before['agreements'] + 1} / {before['mediated'] + 1}"
        if shown == expected:
            break
        check(time.time() < deadline, f"the mediation success shows {shown}, expected {expected}")
        time.sleep(0.5)
    check(browser.key("total|logged") == str(before["logged"] + 1), "the dashboard's logged count did not move by one")
    check(browser.key("total|resolutionRateFraction") == f"{before['resolved'] + 1} / {before['resolutionRateDenominator'] + 1}",
          "the resolution rate did not count the resolution")


def test_a_clerk_cannot_open_another_stations_case(browser, shots):
    station = f"other{uuid.uuid4().hex[:6]}"
    status, _ = api("POST", "/stations", ADMIN, {"stationId": station, "name": "Another station"})
    check(status == 201, f"registering a station answered {status}")
    foreign = str(uuid.uuid4())
    status, _ = api("POST", "/disputes", ADMIN, {"disputeId": foreign, "stationId": station, "category": "family", "discoveredVia": "walk_in"})
    check(status == 201, f"logging a dispute answered {status}")
    browser.sign_in(CLERK, f"#/dispute/{foreign}")
    message = browser.wait(lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, ".notice") if e.text), None))
    check("station your token may not access" in message.text, f"the page says {message.text!r}")
    check(not browser.all("#timeline") and not browser.all("#next-steps"), "another station's case is shown")


def test_a_role_without_rights_sees_no_forms(browser, shots):
    browser.sign_in(SUPERVISOR, "#/cases")
    browser.visible("#case-table")
    check(not browser.all("#log-dispute") and not browser.all("#log-alert"), "a supervisor sees the forms that log cases")
    first = browser.all("#case-table tbody tr")[0].get_attribute("data-id")
    browser.go(f"#/dispute/{first}")
    browser.visible("#timeline")
    check(not browser.all("#next-steps"), "a supervisor is offered a clerk's next steps")
    browser.go("#/new/dispute")
    browser.wait(lambda d: "cannot log cases" in d.find_element(By.ID, "page").text)
    check(not browser.all("form.entry-form"), "a supervisor gets the dispute form")
    browser.sign_in(CLERK, "#/dashboard")
    browser.wait(lambda d: "for supervisors" in d.find_element(By.ID, "page").text)
    check(not browser.all("#dispute-table"), "a clerk sees the dashboard's figures")


TESTS = [
    test_sign_in_is_required,
    test_dashboard_shows_the_apis_numbers,
    test_a_clerk_takes_a_dispute_and_an_alert_through_the_forms,
    test_a_clerk_cannot_open_another_stations_case,
    test_a_role_without_rights_sees_no_forms,
]


def wait_for_projections():
    """Waits until the projections have applied the whole log (the demo was loaded just
    before the server started), so the page and the API answer from the same position."""
    deadline = time.time() + 120
    while True:
        status, answer = api("GET", "/admin/projections", ADMIN)
        if status == 200 and answer["projections"] and all(p["lag"] == 0 for p in answer["projections"]):
            return
        check(time.time() < deadline, f"the projections did not catch up with the log: {answer}")
        time.sleep(0.5)


def main():
    shots = None
    if len(sys.argv) == 3 and sys.argv[1] == "--screenshots":
        shots = sys.argv[2]
        os.makedirs(shots, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(124))
    wait_for_projections()
    browser = Browser()
    passed, failed = 0, 0
    try:
        for test in TESTS:
            started = time.time()
            try:
                test(browser, shots)
                passed += 1
                print(f"ok   {test.__name__} ({time.time() - started:.1f}s)", flush=True)
            except Exception as error:  # a failed check, a time-out or a driver error: reported, then the next test runs
                failed += 1
                print(f"FAIL {test.__name__}: {error.__class__.__name__}: {error}", flush=True)
                traceback.print_exc(limit=3)
                for entry in browser.driver.get_log("browser"):
                    print(f"     browser console: {entry.get('message')}", flush=True)
    finally:
        browser.quit()
    print(f"browser: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
