# tests/cli/roles.py - the HTTP half of tests/cli/test_roles.sh (stdlib only).
#
# python3 roles.py matrix URL HEAD   the role matrix of every state-changing
#                                    endpoint, decision rules, out-of-order
#                                    steps, bad bodies; HEAD is the log's last
#                                    seq before the server started
# python3 roles.py throttle URL      3 failed logins, then 429 + Retry-After
#
# The server runs an exercise dated 2022-09-13 (CSTO members ARM BLR KAZ KGZ
# RUS TJK; UZB suspended, AZE never a member) with the users test_roles.sh
# adds: sec (secretariat), obs (observer), dARM ... dTJK, dUZB, dAZE
# (delegations), all with the password in $BLOC_PASSWORD.
# Prints "ok N - ..." / "not ok N - ..." lines, then "done" when it got to the end.
import http.client
import json
import os
import sys
import urllib.parse

MEMBERS = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
PASSWORD = os.environ.get("BLOC_PASSWORD", "")
N = 0
FAILED = 0


def report(good, desc, detail=""):
    global N, FAILED
    N += 1
    if good:
        print("ok %d - %s" % (N, desc))
    else:
        FAILED += 1
        print("not ok %d - %s%s" % (N, desc, (": " + detail) if detail else ""))
    sys.stdout.flush()
    return good


class Answer:
    def __init__(self, status, headers, raw):
        self.status, self.headers, self.raw = status, headers, raw
        try:
            self.json = json.loads(raw.decode()) if raw else None
        except ValueError:
            self.json = None

    def error(self):
        e = self.json.get("error") if isinstance(self.json, dict) else None
        return e if isinstance(e, dict) else {}

    def __str__(self):
        return "%d %s" % (self.status, self.raw[:300].decode(errors="replace"))


class Client:
    """One browser: a session cookie and its csrf token."""

    def __init__(self, url, name=None):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.name, self.token, self.csrf = name, None, None

    def call(self, method, path, body=None, csrf=True, ctype="application/json", raw=None,
             headers=None):
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None and ctype:
            h["Content-Type"] = ctype
        if self.token:
            h["Cookie"] = "bloc_session=" + self.token
        if csrf is True and self.csrf:
            h["X-CSRF-Token"] = self.csrf
        elif isinstance(csrf, str):
            h["X-CSRF-Token"] = csrf
        c = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            c.request(method, path, body=data if data is not None else
                      (b"" if method == "POST" else None), headers=h)
            r = c.getresponse()
            a = Answer(r.status, r.getheaders(), r.read())
        finally:
            c.close()
        for k, v in a.headers:
            if k.lower() == "set-cookie" and v.startswith("bloc_session="):
                self.cookie_header = v
                tok = v.split(";", 1)[0].split("=", 1)[1]
                self.token = tok or None
        return a

    def login(self, password=None):
        a = self.call("POST", "/api/login",
                      {"user": self.name, "password": PASSWORD if password is None else password})
        if a.status == 200:
            self.csrf = a.json["csrf"]
        return a

    def post(self, action, body, **kw):
        return self.call("POST", "/api/procedure/" + action, body, **kw)


class World:
    def __init__(self, url, head):
        self.url = url
        self.head = head  # the last log seq seen
        self.users = {}
        self.anon = Client(url)
        self.refusals_expected = 0

    def user(self, name):
        if name not in self.users:
            c = Client(self.url, name)
            a = c.login()
            if not report(a.status == 200 and a.json.get("user") == name and c.token,
                          "login %s" % name, str(a)):
                raise SystemExit("cannot log in " + name)
            self.users[name] = c
        return self.users[name]

    def new_entries(self):
        """The log entries appended since the last look."""
        a = self.anon.call("GET", "/api/log?from=%d&limit=10000" % (self.head + 1))
        es = a.json["entries"] if a.status == 200 else []
        if es:
            self.head = es[-1]["seq"]
        return es

    def case(self, cid):
        a = self.anon.call("GET", "/api/case?id=" + urllib.parse.quote(cid))
        return a.json if a.status == 200 else None

    def cases(self):
        return self.anon.call("GET", "/api/cases").json["cases"]

    # one cell: the call, its status, and what the log must show for it
    def cell(self, desc, who, action, body, want, csrf=True, check=None, ctype="application/json"):
        c = self.anon if who is None else self.user(who)
        self.new_entries()
        if action == "logout":
            a = c.call("POST", "/api/logout", body if body is not None else {}, csrf=csrf,
                       ctype=ctype)
        else:
            a = c.post(action, body, csrf=csrf, ctype=ctype)
        e = a.error()
        good = a.status == want
        if good and want >= 400:
            good = e.get("status") == want and bool(e.get("message"))
        report(good, "%s: %s" % (desc, want), str(a))
        refs = [x for x in self.new_entries() if x["kind"] == "refusal"]
        if want in (403, 409) and who is not None:
            self.refusals_expected += 1
            report(len(refs) == 1 and refs[0]["slots"][0] == who and refs[0]["slots"][1] == action,
                   "%s: one refusal entry logged" % desc,
                   json.dumps([x["slots"] for x in refs]))
        else:
            report(not refs, "%s: no refusal logged" % desc, json.dumps([x["slots"] for x in refs]))
        if check is not None:
            try:
                ok, detail = check(a)
            except Exception as ex:  # noqa: BLE001 - a failed check, whatever broke
                ok, detail = False, "%r" % ex
            report(ok, "%s: %s" % (desc, detail if ok else "check"),
                   "" if ok else "%s (answer %s)" % (detail, a))
        return a


def appeal_body(state=None, **kw):
    b = {"org": "CSTO", "article": "4", "asked": "military_assistance", "attackers": ["AZE"]}
    if state:
        b["state"] = state
    b.update(kw)
    return b


def must(w, desc, a, status):
    """A setup step: it must succeed, else the rest cannot be trusted."""
    if not report(a.status == status, "setup: " + desc, str(a)):
        raise SystemExit("setup failed: " + desc)
    w.new_entries()
    return a


def filed(w, by="dARM"):
    a = must(w, "%s appeals" % by, w.user(by).post("appeal", appeal_body()), 201)
    return a.json["id"]


def convened(w, proposal="deployment"):
    cid = filed(w)
    must(w, "convene " + cid, w.user("sec").post("convene", {"case": cid, "proposal": proposal}),
         200)
    return cid


def voted(w, positions=None, proposal="deployment"):
    cid = convened(w, proposal)
    positions = positions or {s: "support" for s in MEMBERS}
    for s in MEMBERS:
        must(w, "%s votes on %s" % (s, cid),
             w.user("d" + s).post("position", {"case": cid, "position": positions[s]}), 200)
    return cid


def deployed(w):
    cid = voted(w)
    a = must(w, "decide " + cid, w.user("sec").post("decide", {"case": cid}), 200)
    if not report(a.json.get("stage") == "deployed", "setup: %s deployed" % cid, str(a)):
        raise SystemExit("setup failed")
    return cid


def completed(w):
    cid = deployed(w)
    must(w, "complete " + cid, w.user("sec").post("complete", {"case": cid}), 200)
    return cid


def stage_is(w, cid, stage):
    def f(a):
        c = w.case(cid)
        return (c is not None and c["stage"] == stage,
                "%s still %s" % (cid, stage) if c and c["stage"] == stage else
                "%s is %s" % (cid, c and c["stage"]))
    return f


# the columns: (label, user, extra body fields, csrf); None user = not logged in
def forbidden_row(w, action, body, cid, stage, own, other, secretariat_ok):
    """Every forbidden cell of one row on case cid (at stage): each leaves it so."""
    before = w.cases()
    snap = w.case(cid) if cid else None

    def st(a):
        if not cid:
            return w.cases() == before, "no case created"
        now = w.case(cid)
        return (now == snap and now["stage"] == stage,
                "%s unchanged (still %s)" % (cid, stage) if now == snap else
                "%s changed: %s" % (cid, json.dumps(now)[:300]))
    cols = []
    if not secretariat_ok:
        cols.append(("secretariat", "sec", {}, 403))
        cols.append(("delegation of %s acting for %s" % (own, other), "d" + own, {"state": other},
                     403))
    else:
        cols.append(("delegation of " + own, "d" + own, {}, 403))
        cols.append(("delegation of another member, " + other, "d" + other, {}, 403))
        # a step that is not a delegation's takes no "state" to act for
        cols.append(("delegation of %s naming %s" % (own, other), "d" + own, {"state": other}, 400))
    cols.append(("delegation of UZB (suspended)", "dUZB", {}, 403))
    cols.append(("delegation of AZE (not a member)", "dAZE", {}, 403))
    cols.append(("observer", "obs", {}, 403))
    cols.append(("not logged in", None, {}, 401))
    for label, who, extra, want in cols:
        b = dict(body)
        b.update(extra)
        w.cell("%s %sby %s" % (action, cid + " " if cid else "", label), who, action, b, want,
               check=st)
    # logged in, without the token and with a wrong one: 403, logged
    who = "sec" if secretariat_ok else "d" + own
    on = cid + " " if cid else ""
    w.cell("%s %sby %s without X-CSRF-Token" % (action, on, who), who, action, body, 403,
           csrf=False, check=st)
    w.cell("%s %sby %s with a wrong X-CSRF-Token" % (action, on, who), who, action, body, 403,
           csrf="0" * 64, check=st)


def matrix(w):
    for u in ["sec", "obs", "dUZB", "dAZE"] + ["d" + s for s in MEMBERS]:
        w.user(u)

    # appeal: delegations of members in good standing only
    forbidden_row(w, "appeal", appeal_body(), None, None, "ARM", "BLR", False)

    def appeal_ok(state):
        def f(a):
            c = w.case(a.json["id"])
            return (c["stage"] == "filed" and c["requester"] == state and c["attackers"] == ["AZE"]
                    and c["date"] == "2022-09-13", "%s filed by %s" % (a.json["id"], state))
        return f
    w.cell("appeal by delegation of ARM", "dARM", "appeal", appeal_body(), 201,
           check=appeal_ok("ARM"))
    w.cell("appeal by delegation of KAZ naming its own state", "dKAZ", "appeal",
           appeal_body("KAZ", attackers=[], internal=True, asked="peacekeepers"), 201,
           check=lambda a: (w.case(a.json["id"])["internal"] is True and
                            a.json["requester"] == "KAZ", "internal crisis filed by KAZ"))

    # convene: the secretariat, on a filed case
    cid = filed(w)
    forbidden_row(w, "convene", {"case": cid, "proposal": "deployment"}, cid, "filed", "ARM",
                  "BLR", True)
    w.cell("convene %s by secretariat" % cid, "sec", "convene",
           {"case": cid, "proposal": "deployment"}, 200,
           check=lambda a: (w.case(cid)["stage"] == "convened" and
                            w.case(cid)["proposal"] == "deployment" and
                            sorted(w.case(cid)["pending"]) == MEMBERS, "%s convened" % cid))

    # position: a member's delegation, for itself, on a convened case
    cid = convened(w)
    forbidden_row(w, "position", {"case": cid, "position": "support"}, cid, "convened", "ARM",
                  "BLR", False)

    def voted_as(state, pos):
        def f(a):
            c = w.case(cid)
            got = {v["state"]: v["position"] for v in c["voters"]}
            return (got.get(state) == pos and state not in c["pending"] and c["stage"] == "convened",
                    "%s's %s recorded" % (state, pos))
        return f
    w.cell("position on %s by delegation of ARM" % cid, "dARM", "position",
           {"case": cid, "position": "support"}, 200, check=voted_as("ARM", "support"))
    w.cell("position on %s by delegation of BLR naming BLR" % cid, "dBLR", "position",
           {"case": cid, "position": "abstain", "state": "BLR"}, 200,
           check=voted_as("BLR", "abstain"))

    # decide: the secretariat, once every member has a position
    cid = voted(w)
    forbidden_row(w, "decide", {"case": cid}, cid, "convened", "ARM", "BLR", True)
    w.cell("decide %s by secretariat" % cid, "sec", "decide", {"case": cid}, 200,
           check=lambda a: (a.json["stage"] == "deployed" and a.json["adopted"] is True and
                            a.json["outcome"] == "deployment" and
                            w.case(cid)["force"] == cid + ":deployment", "%s adopted" % cid))

    # pledge: a member's delegation, after a deployment was decided
    cid = deployed(w)
    forbidden_row(w, "pledge", {"case": cid, "size": 500}, cid, "deployed", "RUS", "KAZ", False)
    w.cell("pledge to %s by delegation of RUS" % cid, "dRUS", "pledge",
           {"case": cid, "size": 1500}, 200,
           check=lambda a: (w.case(cid)["contributors"] == [{"state": "RUS", "size": 1500}] and
                            w.case(cid)["pledged"] == 1500, "RUS's 1500 recorded"))
    w.cell("pledge to %s by delegation of KAZ naming KAZ" % cid, "dKAZ", "pledge",
           {"case": cid, "size": 300, "state": "KAZ"}, 200,
           check=lambda a: (w.case(cid)["pledged"] == 1800, "pledged 1800 in all"))
    deployed_case = cid

    # complete: the secretariat, on a deployed case
    cid = deployed(w)
    forbidden_row(w, "complete", {"case": cid}, cid, "deployed", "ARM", "BLR", True)
    w.cell("complete %s by secretariat" % cid, "sec", "complete", {"case": cid}, 200,
           check=lambda a: (w.case(cid)["stage"] == "completed" and w.case(cid)["completed"] ==
                            "2022-09-13", "%s completed" % cid))

    # withdraw: the secretariat, after complete
    cid = completed(w)
    forbidden_row(w, "withdraw", {"case": cid}, cid, "completed", "ARM", "BLR", True)
    w.cell("withdraw %s by secretariat" % cid, "sec", "withdraw", {"case": cid}, 200,
           check=lambda a: (w.case(cid)["stage"] == "withdrawn" and
                            [s["step"] for s in w.case(cid)["steps"]
                             if s["step"] not in ("position", "pledge")] ==
                            ["appeal", "convene", "decide", "complete", "withdraw"] and
                            len([s for s in w.case(cid)["steps"] if s["step"] == "position"]) ==
                            len(w.case(cid)["voters"]), "%s withdrawn" % cid))

    # logout: anyone logged in, with the token (fresh sessions: logout ends them)
    def me(c):
        return c.call("GET", "/api/me").status
    for label, name in [("secretariat", "sec"), ("delegation of ARM", "dARM"),
                        ("delegation of UZB", "dUZB"), ("observer", "obs")]:
        c = Client(w.url, name)
        must(w, "second session of " + name, c.login(), 200)
        w.new_entries()
        c0 = Client(w.url, name)
        c0.token, c0.csrf = c.token, c.csrf
        a = c.call("POST", "/api/logout", {})
        report(a.status == 200 and c.token is None, "logout by %s: 200, cookie cleared" % label,
               str(a))
        report(me(c0) == 401, "logout by %s: the session is gone" % label)
        report(c0.post("convene", {"case": cid, "proposal": "statement"}).status == 401,
               "logout by %s: its old cookie and token are refused (401)" % label)
        report(me(w.user(name)) == 200, "logout by %s: its other session lives on" % label)
        report(not [x for x in w.new_entries() if x["kind"] == "refusal"],
               "logout by %s: no refusal logged" % label)
    w.cell("logout not logged in", None, "logout", {}, 401)
    for name in ["sec", "dARM", "obs"]:
        w.cell("logout by %s without X-CSRF-Token" % name, name, "logout", {}, 403, csrf=False,
               check=lambda a, n=name: (me(w.user(n)) == 200, "session still open"))
    c = Client(w.url, "dBLR")
    must(w, "second session of dBLR", c.login(), 200)
    a = c.call("POST", "/api/logout", raw=b"{}", ctype="text/plain")
    report(a.status == 415, "logout without a JSON Content-Type: 415", str(a))
    w.new_entries()
    return deployed_case


def rules(w):
    # one objection declines the proposal
    obj = dict((s, "support") for s in MEMBERS)
    obj["KAZ"] = "object"
    cid = voted(w, obj)
    a = w.cell("decide %s (KAZ objects)" % cid, "sec", "decide", {"case": cid}, 200,
               check=lambda a: (a.json["outcome"] == "declined" and a.json["adopted"] is False and
                                a.json["stage"] == "decided" and a.json["force"] is None,
                                "one objection: declined, adopted false, no force"))
    declined = cid
    # abstentions alone do not block
    ab = dict((s, "abstain") for s in MEMBERS)
    ab["RUS"] = "support"
    cid = voted(w, ab)
    w.cell("decide %s (5 abstain, RUS supports)" % cid, "sec", "decide", {"case": cid}, 200,
           check=lambda a: (a.json["outcome"] == "deployment" and a.json["adopted"] is True and
                            a.json["stage"] == "deployed", "abstentions do not block"))
    # nobody supporting is no consensus
    cid = voted(w, dict((s, "abstain") for s in MEMBERS), proposal="statement")
    w.cell("decide %s (all abstain)" % cid, "sec", "decide", {"case": cid}, 200,
           check=lambda a: (a.json["outcome"] == "declined" and a.json["adopted"] is False,
                            "all abstaining: declined"))
    # a statement adopted sends no force
    cid = voted(w, proposal="statement")
    w.cell("decide %s (statement, all support)" % cid, "sec", "decide", {"case": cid}, 200,
           check=lambda a: (a.json["outcome"] == "statement" and a.json["adopted"] is True and
                            a.json["force"] is None and a.json["stage"] == "decided",
                            "statement adopted, no force"))
    return declined, cid


def out_of_order(w, declined, statement):
    cid = filed(w)
    w.cell("decide %s before convene" % cid, "sec", "decide", {"case": cid}, 409,
           check=stage_is(w, cid, "filed"))
    w.cell("position on %s before convene" % cid, "dARM", "position",
           {"case": cid, "position": "support"}, 409, check=stage_is(w, cid, "filed"))
    w.cell("pledge to %s before convene" % cid, "dARM", "pledge", {"case": cid, "size": 5}, 409)
    w.cell("complete %s before anything" % cid, "sec", "complete", {"case": cid}, 409)
    w.cell("withdraw %s before anything" % cid, "sec", "withdraw", {"case": cid}, 409)
    w.cell("convene %s" % cid, "sec", "convene", {"case": cid, "proposal": "deployment"}, 200)
    w.cell("convene %s twice" % cid, "sec", "convene", {"case": cid, "proposal": "statement"}, 409,
           check=lambda a: (w.case(cid)["proposal"] == "deployment", "proposal unchanged"))
    w.cell("position on %s by ARM" % cid, "dARM", "position", {"case": cid, "position": "support"},
           200)
    w.cell("position on %s by ARM again" % cid, "dARM", "position",
           {"case": cid, "position": "object"}, 409,
           check=lambda a: ({v["state"]: v["position"] for v in w.case(cid)["voters"]}["ARM"] ==
                            "support", "the first position stands"))
    w.cell("decide %s before all voted" % cid, "sec", "decide", {"case": cid}, 409,
           check=lambda a: ("BLR" in a.error().get("message", "") and
                            w.case(cid)["stage"] == "convened", "names who is pending"))
    w.cell("pledge to %s before the decision" % cid, "dRUS", "pledge", {"case": cid, "size": 5},
           409)
    for s in MEMBERS[1:]:
        must(w, "%s votes on %s" % (s, cid),
             w.user("d" + s).post("position", {"case": cid, "position": "support"}), 200)
    must(w, "decide " + cid, w.user("sec").post("decide", {"case": cid}), 200)
    w.cell("decide %s twice" % cid, "sec", "decide", {"case": cid}, 409)
    w.cell("position on %s after the decision" % cid, "dKAZ", "position",
           {"case": cid, "position": "object"}, 409)
    w.cell("withdraw %s before complete" % cid, "sec", "withdraw", {"case": cid}, 409,
           check=stage_is(w, cid, "deployed"))
    w.cell("pledge to %s by RUS" % cid, "dRUS", "pledge", {"case": cid, "size": 10}, 200)
    w.cell("pledge to %s by RUS again" % cid, "dRUS", "pledge", {"case": cid, "size": 20}, 409,
           check=lambda a: (w.case(cid)["pledged"] == 10, "the first pledge stands"))
    w.cell("complete %s" % cid, "sec", "complete", {"case": cid}, 200)
    w.cell("complete %s twice" % cid, "sec", "complete", {"case": cid}, 409)
    w.cell("pledge to %s after complete" % cid, "dKAZ", "pledge", {"case": cid, "size": 5}, 409)
    w.cell("withdraw %s" % cid, "sec", "withdraw", {"case": cid}, 200)
    w.cell("withdraw %s twice" % cid, "sec", "withdraw", {"case": cid}, 409)
    w.cell("pledge to declined %s" % declined, "dRUS", "pledge", {"case": declined, "size": 5},
           409)
    w.cell("pledge to %s (a statement)" % statement, "dRUS", "pledge",
           {"case": statement, "size": 5}, 409)
    w.cell("complete declined %s" % declined, "sec", "complete", {"case": declined}, 409)


def bad_requests(w):
    fid = filed(w)
    cid = convened(w)

    def param(p):
        return lambda a: (a.error().get("param") == p, "param %s" % p)
    for desc, who, action, body, want, p in [
        ("appeal to an unknown article", "dARM", "appeal", appeal_body(article="99"), 400,
         "article"),
        ("appeal asking in bad case", "dARM", "appeal", appeal_body(asked="Send Troops"), 400,
         "asked"),
        ("appeal with attackers not a list", "dARM", "appeal", appeal_body(attackers="AZE"), 400,
         "attackers"),
        ("appeal with internal not a bool", "dARM", "appeal",
         appeal_body(attackers=[], internal="yes"), 400, "internal"),
        ("appeal with an unknown field", "dARM", "appeal", appeal_body(foo=1), 400, "foo"),
        ("appeal to an unknown org", "dARM", "appeal", appeal_body(org="NOPE"), 404, "org"),
        ("appeal naming an unknown attacker", "dARM", "appeal", appeal_body(attackers=["QQQ"]),
         404, "attackers"),
        ("appeal by ARM naming ARM the attacker", "dARM", "appeal",
         appeal_body(attackers=["ARM"]), 400, "attackers"),
        ("convene proposing nonsense", "sec", "convene", {"case": fid, "proposal": "invade"},
         400, "proposal"),
        ("position maybe", "dARM", "position", {"case": cid, "position": "maybe"}, 400,
         "position"),
        ("position without a case", "dARM", "position", {"position": "support"}, 400, "case"),
        ("position with a numeric case", "dARM", "position", {"case": 3, "position": "support"},
         400, "case"),
        ("decide an unknown case", "sec", "decide", {"case": "live:999"}, 404, "case"),
        ("pledge to an unknown case", "dRUS", "pledge", {"case": "live:999", "size": 5}, 404,
         "case"),
    ]:
        w.cell(desc, who, action, body, want, check=param(p))
    d = deployed(w)
    for size, p in [(0, "size"), (-5, "size"), ("many", "size"), (1.5, "size")]:
        w.cell("pledge of size %r" % (size,), "dRUS", "pledge", {"case": d, "size": size}, 400,
               check=param(p))
    # content type, size, syntax, method
    sec = w.user("sec")
    a = sec.post("convene", None, raw=b'{"case": "%s", "proposal": "statement"}' % cid.encode(),
                 ctype="text/plain")
    report(a.status == 415 and a.error().get("status") == 415, "convene as text/plain: 415", str(a))
    a = sec.post("convene", None, raw=b'{"case": "%s", "proposal": "statement"}' % cid.encode(),
                 ctype=None)
    report(a.status == 415, "convene without a Content-Type: 415", str(a))
    big = json.dumps(appeal_body(note="x" * (70 * 1024))).encode()
    a = w.user("dARM").post("appeal", None, raw=big)
    report(a.status == 413 and a.error().get("status") == 413, "a 70 KiB body: 413", str(a))
    a = w.anon.call("POST", "/api/login", raw=json.dumps({"user": "sec", "password": "p" * 70000})
                    .encode())
    report(a.status == 413, "a 70 KiB login: 413", str(a))
    # a body near the cap is read whole: a 4 KiB note (a record string's cap)
    # padded with 56 KiB of JSON whitespace
    just = json.dumps(appeal_body(note="x" * 4096)).encode()
    just = just[:-1] + b" " * (60 * 1024 - len(just)) + b"}"
    a = w.user("dARM").post("appeal", None, raw=just)
    report(a.status == 201 and len(a.json.get("note", "")) == 4096,
           "a 60 KiB appeal body is taken whole (201)", str(a)[:200])
    a = w.user("dARM").post("appeal", None, raw=json.dumps(appeal_body(note="x" * 4097)).encode())
    report(a.status == 400 and a.error().get("param") == "note",
           "a note over 4 KiB: 400 naming note", str(a)[:200])
    w.new_entries()
    for raw in [b'{"case": ', b'{"case": "live:1",}', b"", b"nul", b'["case"]', b'"x"']:
        a = sec.post("decide", None, raw=raw)
        report(a.status == 400 and a.error().get("param") == "body",
               "decide with body %r: 400 naming body" % raw, str(a))
    a = w.anon.call("POST", "/api/login", raw=b"{user")
    report(a.status == 400 and a.error().get("param") == "body", "login with bad JSON: 400 body",
           str(a))
    for path in ["/api/procedure/appeal", "/api/procedure/decide", "/api/login", "/api/logout"]:
        a = sec.call("GET", path)
        report(a.status == 405 and a.error().get("status") == 405, "GET %s: 405" % path, str(a))
    a = sec.call("PUT", "/api/procedure/convene", {"case": cid, "proposal": "statement"})
    report(a.status == 405, "PUT /api/procedure/convene: 405", str(a))
    a = sec.post("nothing", {"case": cid})
    report(a.status == 404, "POST /api/procedure/nothing: 404", str(a))
    report(w.case(cid)["stage"] == "convened", "after all that, %s is still convened" % cid)
    w.new_entries()


def count_refusals(w, head0):
    a = w.anon.call("GET", "/api/log?from=%d&limit=10000" % (head0 + 1))
    n = sum(1 for e in a.json["entries"] if e["kind"] == "refusal")
    report(n == w.refusals_expected, "refusal entries: %d logged for %d refused steps"
           % (n, w.refusals_expected))


def throttle(url):
    c = Client(url, "sec")
    codes = [c.login("wrong password %d" % i).status for i in range(3)]
    report(codes == [401, 401, 401], "3 wrong passwords: 401 each", str(codes))
    a = c.login("wrong password 4")
    ra = dict((k.lower(), v) for k, v in a.headers).get("retry-after", "")
    report(a.status == 429 and ra.isdigit() and int(ra) >= 1,
           "the 4th attempt: 429 with Retry-After", "%s Retry-After %r" % (a, ra))
    a = c.login()
    report(a.status == 429, "even the right password waits: 429", str(a))
    a = Client(url, "obs").login()
    report(a.status == 429, "another user from the same address waits too: 429", str(a))


def main():
    mode, url = sys.argv[1], sys.argv[2]
    if mode == "matrix":
        head0 = int(sys.argv[3])
        w = World(url, head0)
        try:
            deployed_case = matrix(w)
            declined, statement = rules(w)
            out_of_order(w, declined, statement)
            bad_requests(w)
            count_refusals(w, head0)
        except SystemExit as e:
            report(False, "stopped early", str(e))
            return 1
        print("deployed %s declined %s" % (deployed_case, declined))
    else:
        throttle(url)
    print("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
