import logging

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..models.aftersales_followup import FOLLOWUP_STATES, FOLLOWUP_TRANSITIONS
from .common import AftersalesCommon
from .test_transitions import TransitionWalk

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestFollowup(AftersalesCommon, TransitionWalk):
    """Quarterly follow-up calls (R16): planning by the scheduled action, outcome, SLA, access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Followup = cls.env["aftersales.followup"]
        cls.major_project = cls.env["res.partner"].create(
            {
                "name": "Wuhan Metro Line 12",
                "is_company": True,
                "country_id": cls.country_cn.id,
                "aftersales_tier": "major_project",
            }
        )
        cls.key_contact = cls.env["res.partner"].create(
            {"name": "Ms. Zhang", "parent_id": cls.key_account.id, "function": "Equipment manager"}
        )
        cls.call_type = cls.env.ref("mail.mail_activity_data_call")
        cls.policy = cls.env.ref("aftersales_service.sla_policy_followup_call")

    def _run_cron(self):
        return self.Followup._cron_create_quarterly_followups()

    def _ours(self, partners=None):
        """The follow-ups of this test's customers (demo customers may be called too)."""
        partners = partners or (self.key_account | self.major_project | self.customer)
        return self.Followup.with_context(active_test=False).search([("commercial_partner_id", "in", partners.ids)])

    def _call_activities(self, followups):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "aftersales.followup"),
                ("res_id", "in", followups.ids),
                ("activity_type_id", "=", self.call_type.id),
            ]
        )

    def _followup(self, **vals):
        return self.Followup.create({"partner_id": self.key_account.id, **vals})

    # ------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------

    @freeze_time("2026-10-01 01:00:00")
    def test_cron_plans_key_accounts_and_major_projects(self):
        self._run_cron()
        followups = self._ours()
        self.assertEqual(
            followups.partner_id, self.key_account | self.major_project, "standard customers are not called"
        )
        self.assertEqual(set(followups.mapped("quarter")), {"2026-Q4"})
        self.assertEqual(set(followups.mapped("state")), {"planned"})

        key = followups.filtered(lambda f: f.partner_id == self.key_account)
        self.assertEqual(key.user_id, self.project_manager, "the customer's project manager calls")
        self.assertEqual(key.team_id, self.team_south)
        major = followups.filtered(lambda f: f.partner_id == self.major_project)
        self.assertEqual(major.team_id, self.team_centre)
        self.assertEqual(major.user_id, self.service_manager, "without a project manager, the team manager calls")

        for followup in followups:
            activity = self._call_activities(followup)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, followup.user_id)
            self.assertEqual(activity.date_deadline, fields.Date.context_today(followup, followup.sla_deadline))

    @freeze_time("2026-10-01 01:00:00")
    @freeze_time("2026-10-01 01:00:00")
    def test_shared_customer_called_once_by_the_company_that_served_it_last(self):
        """Two companies run a desk: a key account shared between them is called once a quarter, by the
        company of its latest request; a customer neither served yet, by the first desk company."""
        other = self.env["res.company"].create({"name": "Second books", "sequence": 50})
        self.env.user.company_ids |= other
        other_team = self.env["aftersales.team"].create(
            {"name": "Second books centre", "team_type": "service_centre", "company_id": other.id}
        )
        latest = self.env["aftersales.request"].create(
            self._complete_request_vals(partner_id=self.key_account.id, team_id=other_team.id, equipment_id=False)
        )
        self.assertEqual(latest.company_id, other)
        # Later than anything created in this test's transaction (which shares one timestamp).
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE aftersales_request SET create_date = create_date + interval '1 minute' WHERE id = %s", [latest.id]
        )
        self._run_cron()
        calls = self._ours()
        self.assertEqual(len(calls), 2, "one call each, not one per company")
        by_partner = {call.partner_id: call.company_id for call in calls}
        self.assertEqual(by_partner[self.key_account], other)
        self.assertEqual(by_partner[self.major_project], self.env.ref("base.main_company"), "the first desk company")

    def test_cron_twice_plans_once(self):
        self._run_cron()
        first = self._ours()
        self.assertEqual(len(first), 2)
        self._run_cron()
        self.assertEqual(self._ours(), first)
        self.assertEqual(len(self._call_activities(first)), 2, "one activity per call")
        # Nor is a call cancelled or archived in between planned again.
        first.filtered(lambda f: f.partner_id == self.major_project).action_cancel()
        first.filtered(lambda f: f.partner_id == self.key_account).active = False
        self._run_cron()
        self.assertEqual(self._ours(), first)

    def test_next_quarter_plans_again(self):
        with freeze_time("2026-10-01 01:00:00"):
            self._run_cron()
        with freeze_time("2027-01-04 01:00:00"):
            self._run_cron()
        self.assertEqual(
            sorted(self._ours(self.key_account).mapped("quarter")), ["2026-Q4", "2027-Q1"], "one call per quarter"
        )

    def test_setting_adds_customers_resolved_last_quarter(self):
        Request = self.env["aftersales.request"]
        vals = self._complete_request_vals(partner_id=self.customer.id, request_type="consultation")
        resolved = Request.create([vals, vals])
        resolved[0].write({"state": "resolved", "resolve_date": "2026-08-10 08:00:00"})
        other = self.env["res.partner"].create({"name": "Resolved in Q2", "country_id": self.country_cn.id})
        resolved[1].write({"partner_id": other.id, "state": "closed", "resolve_date": "2026-05-10 08:00:00"})

        with freeze_time("2026-10-01 01:00:00"):
            self._run_cron()
            self.assertFalse(self._ours(self.customer), "off by default")
            self.company.aftersales_followup_all_resolved = True
            self._run_cron()
        followup = self._ours(self.customer)
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.user_id, self.service_manager)
        self.assertFalse(self._ours(other), "resolved before the previous quarter")
        self.assertEqual(len(self._ours()), 3, "key accounts not planned twice")

    def test_batch_query_count(self):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Key account {i:03d}",
                    "is_company": True,
                    "country_id": self.country_cn.id,
                    "aftersales_tier": "key_account",
                    "aftersales_project_manager_id": self.project_manager.id if i % 2 else False,
                }
                for i in range(200)
            ]
        )
        with freeze_time("2026-10-01 01:00:00"):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._run_cron()
            self.env.flush_all()
            queries = self.env.cr.sql_log_count - before
        followups = self._ours(partners)
        self.assertEqual(len(followups), 200)
        self.assertEqual(len(self._call_activities(followups)), 200)
        self.assertEqual(len(followups.sla_clock_ids), 200)
        per_followup = queries / len(self.Followup.search([("quarter", "=", "2026-Q4")]))
        _logger.info("Quarterly follow-up planning: %s queries, %.2f per follow-up", queries, per_followup)
        self.assertLess(per_followup, 5, "planning is batched")

    # ------------------------------------------------------------------
    # Outcome and transitions
    # ------------------------------------------------------------------

    def test_done_requires_outcome(self):
        followup = self._followup()
        followup._schedule_call_activities()
        with self.assertRaisesText(UserError, "Reached, Satisfaction") as caught:
            followup.action_done()
        self.assertIn(followup.display_name, str(caught.exception))
        self.env.flush_all()
        self.assertEqual(followup.state, "planned")
        self.assertFalse(followup.call_date)

        followup.contact_id = self.key_contact
        self.assertEqual(followup.contact_name, "Ms. Zhang")
        with self.assertRaisesText(UserError, "Satisfaction"):
            followup.action_done()
        followup.satisfaction = "4"
        self.assertIs(followup.action_done(), True)
        self.assertEqual(followup.state, "done")
        self.assertTrue(followup.call_date)
        self.assertEqual(followup.satisfaction_score, 4)
        self.assertFalse(self._call_activities(followup), "the call activity is done")

    def test_responsible_kept_once_called(self):
        planned, called = self._followup(), self._followup(contact_name="Mr. Wu", satisfaction="4")
        called.action_done()
        self.key_account.aftersales_project_manager_id = self.agent
        self.assertEqual(planned.user_id, self.agent, "a planned call follows the new project manager")
        self.assertEqual(called.user_id, self.project_manager, "a call made keeps its responsible")

    def test_every_action_in_every_state(self):
        followup = self._followup(contact_name="Ms. Zhang", satisfaction="5", issues="<p>Display flickers</p>")
        self._walk(followup, FOLLOWUP_STATES, FOLLOWUP_TRANSITIONS)

    def test_unreachable_cancel_reset(self):
        followup = self._followup()
        followup._schedule_call_activities()
        self.assertIs(followup.action_unreachable(), True)
        self.assertFalse(self._call_activities(followup))
        self.assertIs(followup.action_reset(), True)
        self.assertEqual(followup.state, "planned")
        self.assertEqual(len(self._call_activities(followup)), 1, "planned again, to be called again")
        self.assertIs(followup.action_cancel(), True)
        self.assertFalse(self._call_activities(followup))
        with self.assertRaisesText(UserError, "status is Cancelled"):
            followup.action_done()

    def test_create_request(self):
        followup = self._followup(
            contact_id=self.key_contact.id,
            issues="<p>Two loggers lose their clock after a power cut.</p>",
            notes="<p>Happy with the last repair.</p>",
        )
        action = followup.with_user(self.agent).action_create_request()
        request = followup.request_id
        self.assertTrue(request)
        self.assertEqual((action["res_model"], action["res_id"]), ("aftersales.request", request.id))
        self.assertEqual(request.partner_id, self.key_contact)
        self.assertEqual(request.commercial_partner_id, self.key_account)
        self.assertEqual(request.channel, "phone")
        self.assertIn("lose their clock", request.description)
        self.assertIn("last repair", request.description)
        self.assertEqual(request.user_id, self.agent)
        self.assertFalse(followup.can_create_request, "one request per call")
        with self.assertRaisesText(UserError, request.name):
            followup.action_create_request()
        self.assertEqual(self.env["aftersales.request"].search_count([("partner_id", "=", self.key_contact.id)]), 1)

    # ------------------------------------------------------------------
    # Service level
    # ------------------------------------------------------------------

    def test_sla_clock_met(self):
        with freeze_time("2026-10-01 01:00:00"):
            followup = self._followup()
            clock = followup.sla_clock_ids
            self.assertEqual(clock.policy_id, self.policy)
            self.assertEqual(clock.status, "running")
            calendar = self.team_south.resource_calendar_id
            self.assertAlmostEqual(clock.target_hours, 10 * calendar.hours_per_day)
            self.assertEqual(followup.sla_status, "on_track")
        with freeze_time("2026-10-08 03:00:00"):
            followup.write({"contact_name": "Mr. Wu", "satisfaction": "3"})
            followup.action_done()
            self.assertEqual(clock.status, "met")
            followup.invalidate_recordset(["sla_status"])
            self.assertEqual(followup.sla_status, "met")

    def test_sla_clock_stops_when_unreachable_and_cancels(self):
        with freeze_time("2026-10-01 01:00:00"):
            unreachable, cancelled = self._followup(), self._followup()
        with freeze_time("2026-10-02 03:00:00"):
            unreachable.action_unreachable()
            cancelled.action_cancel()
        self.assertEqual(unreachable.sla_clock_ids.status, "met")
        self.assertEqual(cancelled.sla_clock_ids.status, "cancelled")

    def test_sla_clock_breached_when_late(self):
        with freeze_time("2026-10-01 01:00:00"):
            followup = self._followup()
        with freeze_time("2026-11-02 01:00:00"):
            self.assertEqual(followup.sla_status, "breached")
            self.env["aftersales.sla.clock"]._cron_sla_sweep()
            self.assertEqual(followup.sla_clock_ids.status, "breached")
            breach = followup.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref("aftersales_sla.mail_activity_type_sla_breach")
            )
            self.assertIn(self.project_manager, breach.user_id, "the responsible hears of it")
            self.assertIn(self.service_manager, breach.user_id, "then the team manager, after the grace period")
            followup.write({"contact_name": "Mr. Wu", "satisfaction": "2"})
            followup.action_done()
            self.assertEqual(followup.sla_clock_ids.status, "breached", "a late call stays breached")

    # ------------------------------------------------------------------
    # Access and customer
    # ------------------------------------------------------------------

    def test_access(self):
        employee = new_test_user(self.env, "as_fu_employee", groups="base.group_user")
        followup = self._followup()
        with self.assertRaises(AccessError):
            self.Followup.with_user(employee).search([])
        with self.assertRaises(AccessError):
            self.Followup.with_user(employee).create({"partner_id": self.key_account.id})
        with self.assertRaises(AccessError):
            followup.with_user(employee).action_unreachable()
        self.assertEqual(followup.state, "planned")

        # Service users plan and record calls, but only managers delete (cancelled) ones.
        own = self.Followup.with_user(self.agent).create({"partner_id": self.customer.id})
        own.action_cancel()
        with self.assertRaises(AccessError):
            own.unlink()
        with self.assertRaisesText(UserError, "archived, not deleted"):
            followup.with_user(self.service_manager).unlink()
        own.with_user(self.service_manager).unlink()

        company_b = self.env["res.company"].create({"name": "Other Company"})
        agent_b = new_test_user(
            self.env,
            "as_fu_agent_b",
            groups="aftersales_service.group_aftersales_user",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        self.assertFalse(self.Followup.with_user(agent_b).search([("id", "=", followup.id)]))

    def test_partner_smart_button(self):
        self._followup()
        self._followup(partner_id=self.key_contact.id)
        self.assertEqual(self.key_account.aftersales_followup_count, 2)
        self.assertEqual(self.key_contact.aftersales_followup_count, 2)
        action = self.key_contact.action_view_aftersales_followups()
        self.assertEqual(self.Followup.search_count(action["domain"]), 2)
