"""No lost updates: many clients race on one action over real HTTP; exactly one wins each round
(JOURNEYS 8: "two managers approve the same proposal at the same moment")."""

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.backend.conftest import DEMO_EMAILS
from tests.backend.live import live_server, sign_in

CLIENTS = 8
ROUNDS = 4


def _race(calls) -> list[httpx.Response]:
    """Runs the calls at the same moment, each on its own connection."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        with httpx.Client(timeout=60) as http:
            barrier.wait()
            return call(http)
    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_racing_clients_one_winner_each_round_nothing_lost_or_doubled(tmp_path):
    with live_server(tmp_path, workers=2) as live:
        base = live.base
        owner = sign_in(live, DEMO_EMAILS["action_owner"])
        approvers = [sign_in(live, DEMO_EMAILS[r]) for r in ("head_of_service", "assistant_director", "director")]
        me = httpx.get(f"{base}/api/v1/users/me", headers=owner).json()
        actions = httpx.get(f"{base}/api/v1/actions", params={"owner_id": me["id"]}, headers=owner).json()
        target = next(a for a in actions["items"] if a["ref"] == "1.4")
        url = f"{base}/api/v1/actions/{target['id']}"
        winners = []
        for round_no in range(ROUNDS):
            to_status = ("amber", "green")[round_no % 2]
            etag = httpx.get(url, headers=owner).headers["etag"]
            proposals = _race([
                (lambda http, i=i: http.post(f"{url}/proposals", headers={**owner, "If-Match": etag},
                                             json={"to_status": to_status, "commentary": f"client {i}"}))
                for i in range(CLIENTS)])
            codes = sorted(r.status_code for r in proposals)
            assert codes == [201] + [412] * (CLIENTS - 1), codes
            proposal = next(r for r in proposals if r.status_code == 201)
            decision_url = f"{base}/api/v1/proposals/{proposal.json()['id']}/decision"
            decisions = _race([
                (lambda http, i=i: http.post(decision_url, json={"decision": "approve"},
                                             headers={**approvers[i % 3], "If-Match": proposal.headers["etag"]}))
                for i in range(CLIENTS)])
            codes = sorted(r.status_code for r in decisions)
            assert codes == [200] + [412] * (CLIENTS - 1), codes
            winners.append((proposal.json()["commentary"], to_status))

        director = approvers[2]
        final = httpx.get(url, headers=owner).json()
        assert final["status"] == winners[-1][1]
        history = httpx.get(f"{url}/history", headers=owner).json()
        assert [(h["proposal"]["commentary"], h["proposal"]["to_status"], h["proposal"]["state"]) for h in history] \
            == [(c, s, "approved") for c, s in winners]
        audit = httpx.get(f"{base}/api/v1/audit", params={"object_type": "status_change", "limit": 500},
                          headers=director).json()
        assert audit["total"] == 2 * ROUNDS  # one create and one approve per round: nothing doubled
        assert httpx.get(f"{base}/api/v1/audit/verify", headers=director).json()["ok"] is True


def test_a_resubmission_racing_a_new_proposal_leaves_one_waiting(tmp_path):
    """Issue 10: the returned proposal is resubmitted at the moment a new one is made. The two touch
    different rows, so only the database's one-pending rule can stop both from waiting."""
    with live_server(tmp_path) as live:
        api = live.api
        owner = sign_in(live, DEMO_EMAILS["action_owner"])
        lead = sign_in(live, DEMO_EMAILS["head_of_service"])
        me = httpx.get(f"{api}/users/me", headers=owner).json()
        target = next(a for a in httpx.get(f"{api}/actions", params={"owner_id": me["id"]}, headers=owner)
                      .json()["items"] if a["ref"] == "1.4")
        url = f"{api}/actions/{target['id']}"
        for round_no in range(3):
            made = httpx.post(f"{url}/proposals", json={"to_status": "amber", "commentary": f"round {round_no}"},
                              headers={**owner, "If-Match": httpx.get(url, headers=owner).headers["etag"]})
            returned = httpx.post(f"{api}/proposals/{made.json()['id']}/decision",
                                  json={"decision": "return", "note": "Which audits?"},
                                  headers={**lead, "If-Match": made.headers["etag"]})
            etag = httpx.get(url, headers=owner).headers["etag"]
            answers = _race([
                lambda http: http.post(f"{url}/proposals", json={"to_status": "green", "commentary": "new"},
                                       headers={**owner, "If-Match": etag}),
                lambda http: http.post(f"{api}/proposals/{made.json()['id']}/resubmit", json={"commentary": "again"},
                                       headers={**owner, "If-Match": returned.headers["etag"]})])
            codes = sorted(r.status_code for r in answers)
            assert codes in ([200, 409], [201, 409]), [r.text for r in answers]
            assert next(r for r in answers if r.status_code == 409).json()["code"] == "proposal_pending"
            waiting = httpx.get(f"{api}/proposals", params={"action_id": target["id"], "state": "pending"},
                                headers=owner).json()["items"]
            assert len(waiting) == 1
            httpx.post(f"{api}/proposals/{waiting[0]['id']}/withdraw",
                       headers={**owner, "If-Match": f'"proposal-{waiting[0]["id"]}-v{waiting[0]["version"]}"'})
