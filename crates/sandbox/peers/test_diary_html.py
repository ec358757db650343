"""The e-journal listener read the way an independent client would: requests for HTTP (its own
cookie jar and redirect handling) and BeautifulSoup for the HTML."""

from __future__ import annotations

import requests
from bs4 import BeautifulSoup

ANNA = 51000301
IRINA = 51000345
ALISA = "D1A70000-0000-4000-8000-000051000105"
IVAN = "D1A70000-0000-4000-8000-000051000208"
NIKITA = "D1A70000-0000-4000-8000-000051000230"


def _signed_in(sandbox, login="+79123450301"):
    web = requests.Session()
    page = web.get(sandbox.urls["diary"] + "/edv/index/participant", timeout=10)
    # Redirected to the sign-in form, which posts back to /auth/login.
    assert "/auth/login" in page.url
    form = BeautifulSoup(page.text, "html.parser").find("form")
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input")}
    assert {"login", "password", "return"} <= set(fields)
    fields.update(login=login, password="demo")
    landed = web.post(sandbox.urls["diary"] + form["action"], data=fields, timeout=10)
    assert landed.url.endswith("/edv/index/participant")
    assert len(web.cookies.get("PHPSESSID")) == 32
    return web, landed


def test_sign_in_then_children_of_both_families(sandbox):
    _, landed = _signed_in(sandbox)
    soup = BeautifulSoup(landed.text, "html.parser")
    kids = {a["data-guid"]: a.get_text() for a in soup.select("ul#participants a[data-guid]")}
    assert kids == {ALISA: "Морозова Алиса", IVAN: "Морозов Иван"}

    _, landed = _signed_in(sandbox, login="51000345")
    soup = BeautifulSoup(landed.text, "html.parser")
    one = soup.select_one("div#participant[data-guid]")
    assert one["data-guid"] == NIKITA
    name, klass, school = (p.strip() for p in one.select_one("div.one-participant").get_text().split(",", 2))
    assert (name, klass, school) == ("Козлов Никита", "7 «Б»", "МОАУ «СОШ № 1» г. Оренбурга")


def test_wrong_password_shows_the_form_with_an_error(sandbox):
    web = requests.Session()
    page = web.post(
        sandbox.urls["diary"] + "/auth/login",
        data={"login": "+79123450301", "password": "wrong"},
        timeout=10,
    )
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.select_one("[role=alert]").get_text() == "Неверный логин или пароль"
    assert soup.select_one("input[name=login]")["value"] == "+79123450301"
    assert "PHPSESSID" not in web.cookies


def test_week_json_both_variants_and_a_holiday(sandbox):
    web, _ = _signed_in(sandbox)
    base = sandbox.urls["diary"] + "/edv/index/diary/"
    week = web.get(base + ALISA, params={"date": "03.12.2026"}, timeout=10).json()
    assert week["success"] is True
    days = week["data"]["diary"]
    assert list(days) == [
        "30.11. Понедельник",
        "01.12. Вторник",
        "02.12. Среда",
        "03.12. Четверг",
        "04.12. Пятница",
    ]
    monday = days["30.11. Понедельник"]
    assert [lesson["lessonNumber"] for lesson in monday] == list(range(1, len(monday) + 1))
    assert all("-" in lesson["lessonTime"] for lesson in monday)
    marks = [m for day in days.values() for lesson in day for m in lesson["marks"]]
    assert marks and all(m["weight"] in (1, 2) for m in marks)

    kirov = web.get(base + IVAN, params={"date": "03.12.2026"}, timeout=10).json()
    lesson = kirov["data"]["diary"]["30.11. Понедельник"][0]
    assert lesson["lessonNumber"] == "1"
    assert (lesson["lessonTimeBegin"], lesson["lessonTimeEnd"]) == ("08:00", "08:40")
    assert "periodMark" in lesson and "lessonTime" not in lesson

    holiday = web.get(base + ALISA, params={"date": "30.10.2026"}, timeout=10).json()
    assert holiday["data"]["diary"] == []

    foreign = web.get(base + NIKITA, params={"date": "03.12.2026"}, timeout=10).json()
    assert foreign == {"success": False, "message": "Ученик не найден", "data": None}


def test_marks_report_table_parses(sandbox):
    web, _ = _signed_in(sandbox)
    sandbox.post(
        "/diary/marks",
        {"guid": ALISA, "date": "2026-09-07", "subject": "Литература", "value": "2", "weight": 3},
    )
    page = web.get(
        sandbox.urls["diary"] + "/edv/index/report/marks/" + ALISA,
        params={"begin": "01.09.2026", "end": "25.10.2026", "format": "html"},
        timeout=10,
    )
    rows = BeautifulSoup(page.text, "html.parser").select("table#sheet0 tr")
    header = [c.get_text() for c in rows[0].find_all(["th", "td"])]
    assert header == ["Предмет", "Оценки", "Средний балл", "Не явка", "Пропуски", "По болезни"]
    by_subject = {r.find_all("td")[0].get_text(): r.find_all("td") for r in rows[1:]}
    literature = by_subject["Литература"]
    spans = literature[1].select("span.mark")
    assert ("2", "3") in {(s.get_text(), s.get("data-weight")) for s in spans}
    # The average is the weighted mean, written with a decimal comma.
    values = [(int(s.get_text()), int(s.get("data-weight", "1"))) for s in spans]
    mean = sum(v * w for v, w in values) / sum(w for _, w in values)
    assert literature[2].get_text() == f"{mean:.2f}".replace(".", ",")


def test_no_session_redirects_and_files_need_one(sandbox):
    diary = sandbox.urls["diary"]
    bare = requests.get(diary + "/edv/index/participant", allow_redirects=False, timeout=10)
    assert bare.status_code == 302
    assert bare.headers["Location"].startswith("/auth/login?return=")

    cookie = sandbox.post("/diary/sessions", {"personId": IRINA})
    web = requests.Session()
    web.cookies.set(cookie["name"], cookie["value"])
    sandbox.post(
        "/diary/homework",
        {"guid": NIKITA, "date": "2026-12-09", "subject": "Физика", "text": "§ 21", "fileName": "Физика.txt"},
    )
    week = web.get(diary + "/edv/index/diary/" + NIKITA, params={"date": "09.12.2026"}, timeout=10).json()
    physics = next(x for x in week["data"]["diary"]["09.12. Среда"] if x["subject"] == "Физика")
    assert physics["homework"] == "§ 21"
    url = physics["files"][0]["url"]
    got = web.get(diary + url, timeout=10)
    assert got.status_code == 200 and got.text == "§ 21"
    assert "filename*=UTF-8''" in got.headers["Content-Disposition"]
    assert requests.get(diary + url, allow_redirects=False, timeout=10).status_code == 302

    sandbox.post("/diary/expire", {"personId": IRINA})
    assert web.get(diary + "/edv/index/participant", allow_redirects=False, timeout=10).status_code == 302
