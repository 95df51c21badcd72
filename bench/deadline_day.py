"""A deadline day's mix, for `bench/http_pages.py`: hundreds of distinct signed-in cadres opening home, the campaign
page and their registration form, the office's dashboard now and then, while one draft is saved every second.

wrk picks, for every request, a page by its share of the day and a cadre's session at random (for the form, a cadre
whose sheet is still to fill; a Lua script);
a thread beside it saves a draft through the real form once a second (its CSRF token, its version). Every view is
built afresh: no browser copy is revalidated (no If-None-Match). Printed: requests a second and the latency's
p50/p95/p99.

    .venv/bin/python bench/deadline_day.py sessions 300     (in the portal's environment: "fill|sent Cookie" lines)
"""

import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CADRES = int(os.environ.get("BENCH_MIX_CADRES", "300"))
SHARES = (("home", 30), ("campaign", 30), ("form", 35), ("dashboard", 5))  # percent of the day's views


def signed_in_cadres(n: int) -> list[str]:
    """Cookies of up to `n` cadres who must register for the current campaign, signed in (accounts made for them),
    each line marked "fill" when the cadre's sheet is still to fill (the form opens) or "sent"."""
    from datetime import date

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    from accounts.models import User
    from campaigns.models import Campaign
    from organizations.models import Position
    from registrations.models import Registration

    campaign = Campaign.objects.get(slug=f"phong-cach-can-bo-doan-ca-mau-{date.today().year}")
    holders = (
        Position.objects.current()
        .filter(unit__path__startswith=campaign.organizer.path)
        .select_related("person__user")
        .order_by("person_id")
    )
    sent = {r.person_id for r in Registration.objects.filter(campaign=campaign) if not r.is_editable}
    cookies, seen = [], set()
    for position in holders:
        person = position.person
        if person.pk in seen or not campaign.is_eligible(person):
            continue
        seen.add(person.pk)
        user = person.user
        if user is None:
            user = User.objects.create_user(username=f"bench.{person.pk}", password=None)
            person.user = user
            person.save(update_fields=["user"])
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        state = "sent" if person.pk in sent else "fill"
        cookies.append(f"{state} sessionid={session.session_key}; csrftoken={_get_new_csrf_string()}")
        if len(cookies) == n:
            break
    return cookies


def prepare(env: dict) -> tuple[list[str], list[str]]:
    """The cadres' cookies, made in the portal's environment (its database): all, and those whose form opens."""
    output = subprocess.run(
        [sys.executable, str(Path(__file__)), "sessions", str(CADRES)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line.split(" ", 1) for line in output.splitlines() if line.startswith(("fill ", "sent "))]
    return [cookie for _state, cookie in lines], [cookie for state, cookie in lines if state == "fill"]


LUA = """
local cadres = %(cadres)s
local fillers = %(fillers)s
local office = %(office)s
local pages = %(pages)s
math.randomseed(os.time())
request = function()
  local pick, path, cookie = math.random(100), nil, nil
  for _, page in ipairs(pages) do
    if pick <= page[1] then path = page[2]; break end
  end
  if path == pages[#pages][2] then cookie = office
  elseif path == pages[%(form)d][2] then cookie = fillers[math.random(#fillers)]
  else cookie = cadres[math.random(#cadres)] end
  return wrk.format("GET", path, {["Cookie"] = cookie})
end
done = function(summary, latency, requests)
  io.write(string.format("MIX %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def _lua(cadres: list[str], fillers: list[str], office: str, paths: dict[str, str]) -> str:
    bounds, total = [], 0
    for name, share in SHARES:
        total += share
        bounds.append(f"{{{total}, {json.dumps(paths[name])}}}")
    return LUA % {
        "cadres": "{" + ", ".join(json.dumps(c) for c in cadres) + "}",
        "fillers": "{" + ", ".join(json.dumps(c) for c in fillers) + "}",
        "form": [name for name, _share in SHARES].index("form") + 1,
        "office": json.dumps(office),
        "pages": "{" + ", ".join(bounds) + "}",
    }


def _save_drafts(port: int, cookie: str, path: str, stop: threading.Event, saved: list[float]) -> None:
    """Save the cadre's draft through the form once a second: read the page, send it back as it is."""
    while not stop.is_set():
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path, headers={"Cookie": cookie})
        page = connection.getresponse().read().decode()
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
        fields |= {m[0]: "on" for m in re.findall(r'name="(pick_\d+)" id="[^"]+" (checked)', page)}
        fields |= dict(re.findall(r'<textarea name="(\w+)"[^>]*>\n?(.*?)</textarea>', page, re.S))
        fields["save"] = "1"
        body = urlencode(fields)
        headers = {
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}{path}",
        }
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status == 302:
            saved.append(time.monotonic() - started)
        connection.close()
        stop.wait(max(0.0, 1 - (time.monotonic() - started)))


def run(wrk: str, port: int, cadres: tuple[list, list], office: str, saver: str, paths: dict, seconds: int) -> dict:
    """The mix for `seconds`: requests a second, p50/p95/p99 in ms, errors, drafts saved."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(*cadres, office, paths))
    stop, saved = threading.Event(), []
    thread = threading.Thread(target=_save_drafts, args=(port, saver, paths["form"], stop, saved))
    thread.start()
    try:
        command = [wrk, "-t2", "-c32", f"-d{seconds}s", "-s", script.name, f"http://127.0.0.1:{port}/"]
        output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    finally:
        stop.set()
        thread.join()
        os.unlink(script.name)
    found = re.search(r"MIX (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", output)
    if not found:
        raise SystemExit(f"wrk printed no figures:\n{output}")
    requests, duration, p50, p95, p99, errors = map(int, found.groups())
    return {
        "rate": requests / (duration / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": errors,
        "drafts": len(saved),
    }


if __name__ == "__main__" and sys.argv[1:2] == ["sessions"]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings")
    import django

    django.setup()
    print("\n".join(signed_in_cadres(int(sys.argv[2]))))
