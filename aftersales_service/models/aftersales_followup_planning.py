from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools import date_utils

from .aftersales_followup import FOLLOWUP_TIERS, quarter_of


class AftersalesFollowup(models.Model):
    """The quarterly planning of follow-up calls (R16): one call per key account and major project (and,
    by a setting, per customer served last quarter), each with its phone-call activity."""

    _inherit = "aftersales.followup"

    def _schedule_call_activities(self):
        """Give each planned call's responsible a phone-call activity, due by the SLA deadline.

        Created in one batch; calls that already have one are skipped.
        """
        call_type = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        if not call_type:
            return
        planned = self.filtered(lambda f: f.state == "planned" and f.user_id)
        if not planned:
            return
        # Searched, not read from the records: one query for the batch, and
        # activities just completed or removed are not seen.
        scheduled = (
            self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", planned.ids),
                    ("activity_type_id", "=", call_type.id),
                ],
                [],
                ["res_id:array_agg"],
            )[0][0]
        )
        todo = planned.filtered(lambda f, scheduled=set(scheduled or ()): f.id not in scheduled)
        if not todo:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        summary = _("Quarterly follow-up call")
        vals_list = [
            {
                "activity_type_id": call_type.id,
                "res_model_id": model_id,
                "res_id": followup.id,
                "user_id": followup.user_id.id,
                "date_deadline": fields.Date.context_today(followup, followup.sla_deadline)
                if followup.sla_deadline
                else followup.planned_date,
                "summary": summary,
                # As activity_schedule marks them: the workflow completes them.
                "automated": True,
            }
            for followup in todo
        ]
        # Quick update: the activity in the responsible's list is the
        # notification; no "assigned to you" email per call. Superuser: the
        # responsible may be someone the caller cannot assign (another
        # company's project manager); access to the calls was checked.
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(vals_list)

    @api.model
    def _followup_companies(self):
        """The companies that run a service desk: those with a front-line service team."""
        teams = self.env["aftersales.team"].search([("team_type", "in", ("service_centre", "regional_office"))])
        return teams.company_id

    @api.model
    def _quarter_bounds(self, company, quarter_start):
        """The previous quarter of ``quarter_start`` as naive UTC datetimes, in the company's time zone."""
        calendar = company.resource_calendar_id
        previous = quarter_start - relativedelta(months=3)
        if not calendar:
            return datetime.combine(previous, time.min), datetime.combine(quarter_start, time.min)
        return calendar._local_to_utc(previous), calendar._local_to_utc(quarter_start)

    @api.model
    def _followup_home_companies(self, companies):
        """``{partner id: company}``: which of ``companies`` calls each key account or major project shared
        between companies, so that each is called once a quarter. The company of its latest request or repair
        order; the first of ``companies`` for a customer none of them has served yet."""
        latest = {}
        for model in ("aftersales.request", "aftersales.repair"):
            for partner, company, last in (
                self.env[model]
                .sudo()
                ._read_group(
                    [
                        ("company_id", "in", companies.ids),
                        ("partner_id.commercial_partner_id.aftersales_tier", "in", FOLLOWUP_TIERS),
                    ],
                    ["partner_id", "company_id"],
                    ["create_date:max"],
                )
            ):
                customer = partner.commercial_partner_id.id
                if customer not in latest or latest[customer][0] < last:
                    latest[customer] = (last, company)
        return {customer: company for customer, (_last, company) in latest.items()}

    @api.model
    def _followup_customers(self, company, quarter_start, home=None, first=None):
        """The commercial partners ``company`` calls in the quarter starting on ``quarter_start``.

        Every key account and major project of the company, and those shared between companies whose home
        (``home``, see ``_followup_home_companies``; else ``first``) it is; with the company's setting, also
        every customer with a request resolved in the previous quarter.
        """
        Partner = self.env["res.partner"]
        customers = Partner.search(
            [
                ("aftersales_tier", "in", FOLLOWUP_TIERS),
                ("company_id", "in", [False, company.id]),
                "|",
                ("is_company", "=", True),
                ("parent_id", "=", False),
            ]
        )
        if home is not None:
            customers = customers.filtered(
                lambda partner: partner.company_id or home.get(partner.id, first or company) == company
            )
        if company.aftersales_followup_all_resolved:
            start, end = self._quarter_bounds(company, quarter_start)
            groups = self.env["aftersales.request"]._read_group(
                [
                    ("company_id", "=", company.id),
                    ("commercial_partner_id", "!=", False),
                    ("resolve_date", ">=", start),
                    ("resolve_date", "<", end),
                ],
                ["commercial_partner_id"],
            )
            customers |= Partner.union(*(partner for (partner,) in groups)).filtered("active")
        return customers

    @api.model
    def _prepare_quarterly_followup_vals(self, company, partner, planned_date):
        return {"company_id": company.id, "partner_id": partner.id, "planned_date": planned_date}

    @api.model
    def _cron_create_quarterly_followups(self, batch_size=500):
        """Plan this quarter's follow-up call for each customer to call (R16), once per customer.

        Customers that already have a call this quarter (in any state, even
        archived) are skipped, so the action can run again safely. At most
        ``batch_size`` calls are created per run, in one batch per company;
        the progress reported makes the scheduler run it again while
        customers remain.
        """
        today = fields.Date.context_today(self)
        quarter_start = date_utils.start_of(today, "quarter")
        quarter = quarter_of(quarter_start)
        # Planned by the system for their responsible: nobody to subscribe or notify but the activity.
        Followup = self.with_context(mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True)
        created = self.browse()
        remaining = 0
        companies = self._followup_companies().sorted(lambda company: (company.sequence, company.id))
        home = self._followup_home_companies(companies)
        for company in companies:
            customers = self._followup_customers(company, quarter_start, home=home, first=companies[:1])
            called = self.with_context(active_test=False)._read_group(
                [
                    ("company_id", "=", company.id),
                    ("quarter", "=", quarter),
                    ("commercial_partner_id", "in", customers.ids),
                ],
                [],
                ["commercial_partner_id:array_agg"],
            )[0][0]
            todo = customers.filtered(lambda p, called=set(called or ()): p.id not in called)
            room = max(batch_size - len(created), 0)
            remaining += len(todo) - min(room, len(todo))
            if room and todo:
                vals_list = [self._prepare_quarterly_followup_vals(company, partner, today) for partner in todo[:room]]
                created |= Followup.create(vals_list).with_env(self.env)
        created._schedule_call_activities()
        self.env["ir.cron"]._notify_progress(done=len(created), remaining=remaining)
        return created
