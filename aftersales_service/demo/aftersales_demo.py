import logging
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.tools import SQL, date_utils

from ..models.aftersales_followup import quarter_of

_logger = logging.getLogger(__name__)

MODULE = "aftersales_service"
DEMO_LANG = "zh_CN"
DEMO_TZ = "Asia/Shanghai"

# Chinese translations of the demo's translatable names, by external id
# (English is their source value in the demo data).
DEMO_TRANSLATIONS = {
    "product_data_logger_product_template": {
        "name": "数据记录仪 DL-200",
        "description_sale": "8 通道环境数据记录仪，4G 上传，电池续航 2 年。",
    },
    "product_power_controller_product_template": {
        "name": "电力控制器 PC-500",
        "description_sale": "适用于变电站和分布式能源站点的三相电力控制器。",
    },
    "product_handheld_terminal_product_template": {
        "name": "手持终端 HT-80",
        "description_sale": "三防手持终端，带条码扫描、Wi-Fi 和 4G。",
    },
    "product_dl200_mainboard_product_template": {"name": "DL-200 主板（备件）"},
    "product_dl200_modem_product_template": {"name": "DL-200 4G 通信模块（备件）"},
    "product_pc500_psu_product_template": {"name": "PC-500 电源模块（备件）"},
    "product_pc500_display_product_template": {"name": "PC-500 显示模块（备件）"},
    "product_ht80_touch_panel_product_template": {"name": "HT-80 触摸屏（备件）"},
    "product_ht80_scan_engine_product_template": {"name": "HT-80 扫描引擎（备件）"},
    "team_east_china": {"name": "华东区办事处"},
    "pricelist_china_cny": {"name": "中国区价目表（人民币）"},
}

DEMO_USERS = (
    "base.user_admin",
    "user_agent",
    "user_agent_south",
    "user_service_manager",
    "user_project_manager",
    "user_project_manager_east",
    "user_technician",
    "user_technician_east",
    "user_rd_manager",
    "user_logistics_manager",
    "user_cs_manager",
)

# The money flow of chargeable repairs, through Accounting as the desk and the accountants go: the
# invoice created from the order and posted on the first moment, paid by bank transfer on the second
# (None: still due).
DEMO_MONEY = {
    "repair_pengcheng_fan": ("d19 14:00", "d18 09:30"),
    "repair_dongfang_logger": ("d3 16:30", None),
}

# The credit notes of refunded units, as Accounting handles them: posted on the first moment, paid on the
# second (None: still due). The order is settled when it is paid.
DEMO_REFUNDS = {
    "repair_hailian_refund": ("d3 10:00", "d2 15:00"),
}

# What the project manager is asked to do on the requests escalated today.
ESCALATION_SUMMARIES = {
    "request_pengcheng_relay": "安排技术人员携带继电器板上门",
    "request_dongfang_clock": "与研发生产部确认时钟漂移的根本原因",
}

# The history of each demo request and repair order, replayed at those past
# moments. A moment is "dN HH:MM", the N-th working day before today at that
# Beijing time (d1: the last working day before today), or "whH", H working
# hours before now on the team's calendar (for what must be at risk or on
# track whatever the time of the installation). Events:
#   create  the record is logged, in the given state
#   state   it reaches the given state (its clocks start, stop, pause, resume)
#   reply   the given message answers the customer (first-reply clocks stop)
#   date    the given troubleshooting step or message happened then
#   field   the given date field of the record is that moment
DEMO_HISTORY = {
    # Logged late in the afternoon, answered the next working day within the target.
    "request_pengcheng_commissioning": [
        ("d36 16:40", "create", "new"),
        ("d36 16:45", "state", "in_progress"),
        ("d36 16:55", "date", "step_pengcheng_commissioning_1"),
        ("d35 09:50", "reply", "message_pengcheng_commissioning_reply"),
        ("d35 11:00", "state", "resolved"),
        ("d33 10:00", "state", "closed"),
    ],
    "request_hengtong_packaging": [
        ("d32 10:20", "create", "new"),
        ("d32 10:30", "state", "in_progress"),
        ("d32 11:05", "reply", "message_hengtong_packaging_reply"),
        ("d30 16:00", "state", "resolved"),
        ("d27 10:00", "state", "closed"),
    ],
    "request_zhongke_wifi": [
        ("d30 14:10", "create", "new"),
        ("d30 14:12", "state", "in_progress"),
        ("d30 14:20", "date", "step_zhongke_wifi_1"),
        ("d30 14:40", "date", "step_zhongke_wifi_2"),
        ("d30 14:50", "reply", "message_zhongke_wifi_reply"),
        ("d30 14:55", "state", "resolved"),
        ("d27 09:30", "state", "closed"),
    ],
    # Escalated within the hour and dispatched an hour later: every target met.
    "request_hailian_inverter": [
        ("d28 09:05", "create", "new"),
        ("d28 09:10", "state", "in_progress"),
        ("d28 09:30", "date", "step_hailian_inverter_1"),
        ("d28 09:40", "reply", "message_hailian_inverter_reply"),
        ("d28 10:15", "state", "escalated"),
        ("d28 11:15", "state", "dispatched"),
        ("d26 17:00", "state", "resolved"),
        ("d23 10:00", "state", "closed"),
    ],
    # Logged late in the afternoon, escalated the next morning: escalation breached.
    "request_lvyuan_sensor": [
        ("d26 16:30", "create", "new"),
        ("d26 16:35", "state", "in_progress"),
        ("d26 16:45", "reply", "message_lvyuan_sensor_reply"),
        ("d26 16:50", "date", "step_lvyuan_sensor_1"),
        ("d25 11:30", "state", "escalated"),
        ("d25 14:00", "state", "dispatched"),
        ("d23 15:00", "state", "resolved"),
        ("d19 09:30", "state", "closed"),
    ],
    # Answered two working days later: first reply breached.
    "request_dongfang_calibration": [
        ("d24 15:00", "create", "new"),
        ("d22 09:55", "state", "in_progress"),
        ("d22 10:00", "reply", "message_dongfang_calibration_reply"),
        ("d22 10:30", "state", "resolved"),
        ("d18 11:00", "state", "closed"),
    ],
    # Dispatched the next day: dispatch breached. The customer declined the quotation.
    "request_zhongke_screen": [
        ("d21 09:40", "create", "new"),
        ("d21 09:45", "state", "in_progress"),
        ("d21 09:55", "date", "step_zhongke_screen_1"),
        ("d21 10:00", "reply", "message_zhongke_screen_reply"),
        ("d21 11:00", "state", "escalated"),
        ("d20 10:30", "state", "dispatched"),
        ("d14 11:30", "state", "resolved"),
        ("d10 09:30", "state", "closed"),
    ],
    "repair_zhongke_screen": [
        ("d20 10:40", "create", "draft"),
        ("d19 10:00", "state", "received"),
        ("d19 14:00", "state", "diagnosis"),
        ("d18 15:00", "state", "quoted"),
        ("d18 15:05", "date", "message_repair_zhongke_screen_quote"),
        ("d15 10:00", "state", "repaired"),
        ("d15 10:00", "field", "quote_decision_date"),
        ("d15 10:05", "date", "message_repair_zhongke_screen_declined"),
        ("d14 11:00", "state", "shipped"),
        ("d12 16:00", "state", "done"),
    ],
    # Answered on the second working day: first reply breached.
    "request_dongfang_export_format": [
        ("d18 17:40", "create", "new"),
        ("d16 10:50", "state", "in_progress"),
        ("d16 11:00", "reply", "message_dongfang_export_format_reply"),
        ("d16 11:10", "state", "resolved"),
        ("d12 09:00", "state", "closed"),
    ],
    # Mail-in repair under warranty for a major project: repaired and shipped back within target.
    "request_pengcheng_psu": [
        ("d16 09:20", "create", "new"),
        ("d16 09:25", "state", "in_progress"),
        ("d16 09:30", "date", "step_pengcheng_psu_1"),
        ("d16 09:35", "reply", "message_pengcheng_psu_reply"),
        ("d16 10:00", "state", "escalated"),
        ("d16 10:40", "state", "dispatched"),
        ("d11 10:40", "state", "resolved"),
        ("d7 09:30", "state", "closed"),
    ],
    "repair_pengcheng_psu": [
        ("d16 10:50", "create", "draft"),
        ("d14 11:00", "state", "received"),
        ("d14 14:00", "state", "in_repair"),
        ("d12 16:00", "state", "repaired"),
        ("d11 10:30", "state", "shipped"),
        ("d8 10:00", "state", "done"),
    ],
    "request_lvyuan_duplicate": [
        ("d14 20:15", "create", "new"),
        ("d13 09:20", "state", "cancelled"),
    ],
    # Quotation accepted, repair waiting for the payment: its clocks are paused.
    "request_dongfang_logger": [
        ("d10 09:30", "create", "new"),
        ("d10 09:35", "state", "in_progress"),
        ("d10 09:40", "date", "step_dongfang_logger_1"),
        ("d10 09:45", "reply", "message_dongfang_logger_reply"),
        ("d10 10:30", "state", "escalated"),
        ("d10 11:30", "state", "dispatched"),
    ],
    "repair_dongfang_logger": [
        ("d10 11:40", "create", "draft"),
        ("d6 10:00", "state", "received"),
        ("d6 11:00", "state", "diagnosis"),
        ("d5 11:00", "state", "quoted"),
        ("d5 11:05", "date", "message_repair_dongfang_logger_quote"),
        ("d3 16:00", "state", "approved"),
        ("d3 16:05", "date", "message_repair_dongfang_logger_accepted"),
    ],
    # Out of warranty: quoted, accepted, invoiced, paid, repaired and shipped back (see DEMO_MONEY).
    "request_pengcheng_fan": [
        ("d22 09:20", "create", "new"),
        ("d22 09:25", "state", "in_progress"),
        ("d22 10:10", "reply", "message_pengcheng_fan_reply"),
        ("d22 10:30", "state", "escalated"),
        ("d22 11:00", "state", "dispatched"),
        ("d12 17:00", "state", "resolved"),
        ("d10 10:00", "state", "closed"),
    ],
    "repair_pengcheng_fan": [
        ("d22 11:05", "create", "draft"),
        ("d20 10:00", "state", "received"),
        ("d20 10:30", "state", "diagnosis"),
        ("d20 15:00", "state", "quoted"),
        ("d19 11:00", "state", "approved"),
        ("d18 10:00", "state", "in_repair"),
        ("d17 15:00", "state", "repaired"),
        ("d17 16:30", "state", "shipped"),
        ("d12 17:00", "state", "done"),
    ],
    # Exchange: the unit broken in transit replaced by a new one (the replacement recorded when it ships).
    "repair_hengtong_exchange": [
        ("d16 10:00", "create", "draft"),
        ("d15 10:00", "state", "received"),
        ("d15 14:00", "state", "diagnosis"),
        ("d15 16:00", "state", "in_repair"),
        ("d14 11:00", "state", "repaired"),
        ("d14 15:00", "state", "shipped"),
        ("d10 10:00", "state", "done"),
    ],
    # Refund: received, the credit note created; Accounting posts and pays it (DEMO_REFUNDS).
    "repair_hailian_refund": [
        ("d6 10:00", "create", "draft"),
        ("d5 10:30", "state", "received"),
        ("d5 14:00", "state", "diagnosis"),
        ("d4 11:00", "refund", "credit_note_repair_hailian_refund"),
    ],
    # Quotation sent, waiting for the customer's approval: its clocks are paused.
    "request_lvyuan_recording": [
        ("d9 10:00", "create", "new"),
        ("d9 10:05", "state", "in_progress"),
        ("d9 10:10", "date", "step_lvyuan_recording_1"),
        ("d9 10:15", "date", "step_lvyuan_recording_2"),
        ("d9 10:20", "reply", "message_lvyuan_recording_reply"),
        ("d9 11:10", "state", "escalated"),
        ("d9 13:40", "state", "dispatched"),
    ],
    "repair_lvyuan_recording": [
        ("d9 13:50", "create", "draft"),
        ("d7 10:30", "state", "received"),
        ("d7 14:00", "state", "diagnosis"),
        ("d5 16:00", "state", "quoted"),
        ("d5 16:05", "date", "message_repair_lvyuan_recording_quote"),
    ],
    "request_hengtong_battery": [
        ("d8 09:50", "create", "new"),
        ("d8 09:55", "state", "in_progress"),
        ("d8 10:05", "reply", "message_hengtong_battery_reply"),
        ("d8 10:20", "date", "step_hengtong_battery_1"),
        ("d8 10:40", "date", "step_hengtong_battery_2"),
        ("d8 11:20", "state", "escalated"),
        ("d8 14:30", "state", "dispatched"),
        ("d5 16:00", "state", "resolved"),
    ],
    # In repair since the fourth working day: the 3-day return target of a major project is breached.
    "request_pengcheng_display": [
        ("d6 09:10", "create", "new"),
        ("d6 09:12", "state", "in_progress"),
        ("d6 09:15", "date", "step_pengcheng_display_1"),
        ("d6 09:20", "reply", "message_pengcheng_display_reply"),
        ("d6 09:50", "state", "escalated"),
        ("d6 10:30", "state", "dispatched"),
    ],
    "repair_pengcheng_display": [
        ("d6 10:40", "create", "draft"),
        ("d4 09:30", "state", "received"),
        ("d4 11:00", "state", "in_repair"),
        ("d3 17:30", "date", "message_repair_pengcheng_display_parts"),
    ],
    "request_hailian_quick_guide": [
        ("d6 10:00", "create", "new"),
        ("d6 14:50", "state", "in_progress"),
        ("d6 15:00", "reply", "message_hailian_quick_guide_reply"),
        ("d4 11:00", "state", "resolved"),
    ],
    # Received 33 working hours ago: 7 of the 40 hours of the repair target left, at risk.
    "request_hengtong_scanner": [
        ("wh40", "create", "new"),
        ("wh39.9", "state", "in_progress"),
        ("wh39.8", "date", "step_hengtong_scanner_1"),
        ("wh39.7", "reply", "message_hengtong_scanner_reply"),
        ("wh39.5", "state", "escalated"),
        ("wh39", "state", "dispatched"),
    ],
    "repair_hengtong_scanner": [
        ("wh38.9", "create", "draft"),
        ("wh33", "state", "received"),
        ("wh32", "state", "diagnosis"),
    ],
    "request_hailian_controller": [
        ("d3 09:15", "create", "new"),
        ("d3 09:18", "state", "in_progress"),
        ("d3 09:50", "date", "step_hailian_controller_1"),
        ("d3 10:20", "date", "step_hailian_controller_2"),
        ("d3 10:30", "reply", "message_hailian_controller_reply"),
        ("d3 10:45", "state", "escalated"),
        ("d3 14:10", "state", "dispatched"),
    ],
    # A letter not answered within a working day: first reply breached.
    "request_pengcheng_staff": [
        ("d2 09:40", "create", "new"),
        ("d2 10:00", "state", "in_progress"),
    ],
    # Escalated yesterday morning, no technician yet: dispatch breached.
    "request_dongfang_clock": [
        ("d1 10:05", "create", "new"),
        ("d1 10:10", "state", "in_progress"),
        ("d1 10:20", "date", "step_dongfang_clock_1"),
        ("d1 10:30", "reply", "message_dongfang_clock_reply"),
        ("d1 11:00", "state", "escalated"),
    ],
    # Logged yesterday afternoon and not escalated: escalation breached.
    "request_qianhai_terminal": [
        ("d1 15:30", "create", "new"),
        ("d1 15:35", "state", "in_progress"),
        ("d1 15:45", "date", "step_qianhai_terminal_1"),
        ("d1 16:00", "reply", "message_qianhai_terminal_reply"),
        ("d1 16:10", "date", "step_qianhai_terminal_2"),
    ],
    # Submitted last evening: its first-reply clock started with today's working hours.
    "request_dongfang_modbus": [
        ("d1 20:30", "create", "new"),
    ],
    # Escalated 3.3 working hours ago, 4 allowed: dispatch at risk.
    "request_pengcheng_relay": [
        ("wh4.5", "create", "new"),
        ("wh4.45", "state", "in_progress"),
        ("wh4.4", "date", "step_pengcheng_relay_1"),
        ("wh4.2", "date", "step_pengcheng_relay_2"),
        ("wh4.0", "date", "step_pengcheng_relay_3"),
        ("wh3.9", "reply", "message_pengcheng_relay_reply"),
        ("wh3.3", "state", "escalated"),
    ],
    "request_walkin_calibration": [
        ("wh2.0", "create", "new"),
        ("wh1.95", "state", "in_progress"),
        ("wh1.75", "date", "step_walkin_calibration_1"),
        ("wh1.7", "reply", "message_walkin_calibration_reply"),
    ],
    # Logged 1.7 working hours ago, 2 allowed to escalate: at risk.
    "request_hailian_logger_fax": [
        ("wh1.7", "create", "new"),
    ],
    "request_zhongke_export": [
        ("wh0.6", "create", "new"),
    ],
}

# What the customers said of their resolved requests and finished repairs,
# when (a moment of DEMO_HISTORY, never before the resolution) and how many
# stars: mostly satisfied, two lukewarm, one dissatisfied (the team manager
# gets an activity to call them back).
DEMO_RATINGS = {
    "request_pengcheng_commissioning": ("d34 10:20", 5, "参数说明很清楚，并网验收一次通过，感谢！"),
    "request_zhongke_wifi": ("d30 16:30", 5, "电话指导耐心细致，十几分钟就解决了。"),
    "request_hailian_inverter": ("d25 10:00", 5, "工程师当天就到现场，接线问题彻底解决了。"),
    "request_lvyuan_sensor": ("d22 09:30", 3, "问题解决了，但上门安排比较慢，多等了一天。"),
    "request_dongfang_calibration": ("d21 14:00", 3, "邮件两天后才有人回复，希望回复能再快一些。"),
    "request_zhongke_screen": (
        "d13 10:00",
        1,
        "维修报价太高，设备来回寄送耽误了将近两周，最后还是没修，非常不满意。",
    ),
    "request_pengcheng_psu": ("d10 09:20", 5, "维修很快，寄回的控制器运行正常。"),
    "repair_pengcheng_psu": ("d7 14:00", 5, "包装很专业，还附了检测报告，很放心。"),
    "request_hengtong_battery": ("d4 10:15", 5, "换了电池后续航恢复正常，谢谢！"),
}

# This quarter's follow-up calls to the key accounts and major projects (the
# scheduled action plans them): the outcome of those already made, by
# customer. The customers not listed here are still to be called.
DEMO_FOLLOWUPS = {
    "partner_pengcheng_grid": {
        "action": "done",
        "contact_id": "partner_pengcheng_grid_wang",
        "contact_name": "王建国（变电站运维主管）",
        "satisfaction": "4",
        "issues": "<p>对电源模块的维修速度满意；光明储能电站的显示模块还在维修中，希望尽快寄回。</p>",
        "notes": "<p>客户提到明年还有两个变电站改造项目，已转告项目经理。</p>",
    },
    "partner_dongfang_env": {
        "action": "done",
        "contact_id": "partner_dongfang_env_chen",
        "contact_name": "陈晓（运维经理）",
        "satisfaction": "3",
        "issues": "<p>同一批次记录仪时钟漂移，上报环保局的数据被退回，希望研发尽快给出根本原因和整改方案。</p>",
        "notes": "<p>已告知时钟问题正在由研发生产部分析，结果出来后由项目经理回电。</p>",
    },
    "partner_lvyuan_water": {
        "action": "unreachable",
        "notes": "<p>三次致电杨工均无人接听，已发短信请客户方便时回电。</p>",
    },
}

# Date fields a document records when it reaches a state.
STATE_DATE_FIELDS = {
    "aftersales.request": {
        "escalated": "escalation_date",
        "dispatched": "dispatch_date",
        "resolved": "resolve_date",
        "closed": "close_date",
    },
    "aftersales.repair": {
        "received": "received_date",
        "quoted": "quote_sent_date",
        "approved": "quote_decision_date",
        "shipped": "shipped_date",
        "done": "done_date",
    },
}


class AftersalesDemo(models.AbstractModel):
    """Builds what the demo data cannot say in XML: a Chinese service desk and its past.

    Only the demo data calls it: ``_activate_chinese`` on every load of the
    demo file (upgrades too), the others when the add-on is installed with
    demo data.
    """

    _name = "aftersales.demo"
    _description = "After-Sales Demo Data"

    @api.model
    def _activate_chinese(self):
        """Activate Chinese with the terms of every add-on installed (Odoo's own menus, ratings,
        portal...), before the demo records are logged in Chinese."""
        self.env["res.lang"]._activate_lang(DEMO_LANG)
        modules = self.env["ir.module.module"].search([("state", "in", ("installed", "to install", "to upgrade"))])
        modules._update_translations(DEMO_LANG)
        return True

    @api.model
    def _enable_pricelists(self):
        """Switch price lists on as the setting does, with the company's default price list."""
        group = self.env.ref("product.group_product_pricelist")
        self.env.ref("base.group_user").write({"implied_ids": [Command.link(group.id)]})
        self.env["res.company"]._activate_or_create_pricelists()
        company = self.env.ref("base.main_company")
        Pricelist = self.env["product.pricelist"]
        domain = [("company_id", "in", [company.id, False]), ("currency_id", "=", company.currency_id.id)]
        if not Pricelist.search_count(domain, limit=1):
            Pricelist.create(company._get_default_pricelist_vals())
        return True

    @api.model
    def _load_demo(self):
        """Make the desk Chinese, then replay the history of the demo requests and repairs."""
        self._demo_set_languages()
        self._demo_set_translations()
        calendar = self.env.ref(f"{MODULE}.resource_calendar_china")
        now = fields.Datetime.now()
        moments = self._demo_moments(calendar, now)
        flagged = self.env["aftersales.sla.clock"]
        documents = []
        for xmlid, events in DEMO_HISTORY.items():
            record = self.env.ref(f"{MODULE}.{xmlid}")
            timeline = sorted(((moments(spec), kind, arg) for spec, kind, arg in events), key=lambda e: e[0])
            flagged |= self._demo_replay(record, timeline)
            documents.append(record)
        self._demo_money(moments)
        self._demo_refunds(moments)
        self._demo_schedule_escalations(documents, calendar)
        self._demo_sweep(flagged)
        self._demo_rate(moments)
        self._demo_followups()
        # The service reports are left to their daily scheduled action: it
        # runs as soon as the server starts, when wkhtmltopdf can fetch the
        # PDF's style sheets (it cannot while the demo loads).
        return True

    # ------------------------------------------------------------------
    # Language and names
    # ------------------------------------------------------------------

    @api.model
    def _demo_set_languages(self):
        """Chinese and Beijing time for the staff and the administrator, Chinese for the customers."""
        users = self.env["res.users"].browse(
            [self.env.ref(xmlid if "." in xmlid else f"{MODULE}.{xmlid}").id for xmlid in DEMO_USERS]
        )
        users.write({"lang": DEMO_LANG, "tz": DEMO_TZ})
        partner_ids = (
            self.env["ir.model.data"].search([("module", "=", MODULE), ("model", "=", "res.partner")]).mapped("res_id")
        )
        self.env["res.partner"].browse(partner_ids).write({"lang": DEMO_LANG})

    @api.model
    def _demo_set_translations(self):
        for xmlid, values in DEMO_TRANSLATIONS.items():
            record = self.env.ref(f"{MODULE}.{xmlid}")
            for fname, value in values.items():
                record.update_field_translations(fname, {DEMO_LANG: value})

    # ------------------------------------------------------------------
    # Moments
    # ------------------------------------------------------------------

    @api.model
    def _demo_moments(self, calendar, now):
        """A function turning a moment of DEMO_HISTORY into a naive UTC datetime before ``now``."""
        today = calendar._utc_to_local(now).date()
        end = now.replace(tzinfo=pytz.utc)
        intervals = calendar._work_intervals_batch(end - timedelta(days=120), end)[False]
        workdays = sorted({start.date() for start, _stop, _meta in intervals if start.date() < today}, reverse=True)

        def moment(spec):
            if spec.startswith("wh"):
                return calendar.plan_hours(-float(spec[2:]), now, compute_leaves=True).replace(microsecond=0)
            day, clock = spec[1:].split()
            hour, minute = clock.split(":")
            return calendar._local_to_utc(datetime.combine(workdays[int(day) - 1], time(int(hour), int(minute))))

        return moment

    # ------------------------------------------------------------------
    # Replay
    # ------------------------------------------------------------------

    @api.model
    def _demo_replay(self, record, timeline):
        """Rebuild the SLA clocks of ``record`` from its ``timeline`` of (moment, event, argument).

        The clocks made when the record was loaded are dropped and the record goes back to the state it was
        logged in; then its history happens again through the engine's own methods, each at its moment
        (context key ``sla_now``): the creation, each state written as the record's actions write it, the
        replies. Before each event, a clock past its deadline is flagged as the breach sweep would have
        flagged it then. Returns those clocks.
        """
        final_state = record.state
        record.sudo().sla_clock_ids.unlink()
        # The working hours stored when things happened are stored again as they happen.
        stored = {
            "turnaround_hours": 0.0,
            "first_reply_date": False,
            "first_reply_hours": 0.0,
            "settled_date": False,
        }
        record.with_context(tracking_disable=True).write({f: v for f, v in stored.items() if f in record._fields})
        flagged = self.env["aftersales.sla.clock"]
        for when, kind, arg in timeline:
            flagged |= self._demo_flag_late(record, when)
            getattr(self, f"_demo_event_{kind}")(record.with_context(sla_now=when, tracking_disable=True), when, arg)
        if record.state != final_state:
            _logger.warning("Demo history of %s ends in state %s, not %s", record, record.state, final_state)
        return flagged

    @api.model
    def _demo_flag_late(self, record, when):
        late = record._sla_open_clocks().filtered(lambda c: c.status == "running" and c.deadline and c.deadline < when)
        late.write({"status": "breached", "escalation_level": 1})
        return late

    @api.model
    def _demo_event_create(self, record, when, state):
        """The record logged at ``when`` in ``state``: its creation date, its first messages, its clocks."""
        record.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET create_date = %s, state = %s WHERE id = %s",
                SQL.identifier(record._table),
                when,
                state,
                record.id,
            )
        )
        record.invalidate_recordset(["create_date", "state"])
        # Its messages so far (creation, routing) were written when it was logged.
        self.env["mail.message"].search([("model", "=", record._name), ("res_id", "=", record.id)]).write(
            {"date": when}
        )
        record._sla_start()

    @api.model
    def _demo_event_state(self, record, when, state):
        """The record's move to ``state`` at ``when``: its date, the state written (the engine reacts), and the
        turnaround the action stores."""
        self._demo_write_dates(record, state, when)
        record.write({"state": state})
        self._demo_store_turnaround(record, state)
        if record._name == "aftersales.repair" and state == "shipped":
            # What shipping does besides its state: the replacement recorded, the order settled (R6).
            if record.operation == "exchange" and not record.replacement_equipment_id:
                # An external id of this add-on, like the other demo records: the unit goes with the add-on.
                self.env["ir.model.data"]._update_xmlids(
                    [
                        {
                            "xml_id": f"{MODULE}.{record.get_external_id()[record.id].split('.')[1]}_replacement",
                            "record": record._create_replacement_equipment(),
                            "noupdate": True,
                        }
                    ]
                )
            record._settle(when)

    @api.model
    def _demo_event_refund(self, record, when, credit_note_xmlid):
        """The unit taken back: its credit note created from the order (once: a later load keeps it), with an
        external id of this add-on like the other demo records."""
        if record.refund_ids:
            record.write({"state": "refunded"})
            return
        credit_note = record._action_create_refund()
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": f"{MODULE}.{credit_note_xmlid}", "record": credit_note, "noupdate": True}]
        )

    @api.model
    def _demo_event_reply(self, record, when, message_xmlid):
        record._sla_fire("replied")
        if hasattr(record, "_store_first_reply"):
            record._store_first_reply(when)
        self._demo_event_date(record, when, message_xmlid)

    @api.model
    def _demo_event_date(self, record, when, xmlid):
        self.env.ref(f"{MODULE}.{xmlid}").write({"date": when})

    @api.model
    def _demo_event_field(self, record, when, fname):
        record.write({fname: when})

    @api.model
    def _demo_write_dates(self, record, state, when):
        fname = STATE_DATE_FIELDS.get(record._name, {}).get(state)
        if not fname or fname not in record._fields:
            return
        vals = {fname: when}
        day = self._demo_local_date(when)
        if fname == "received_date" and "warranty_checked_on" in record._fields:
            vals["warranty_checked_on"] = day
        if fname == "quote_sent_date" and "quote_validity_date" in record._fields:
            vals["quote_validity_date"] = day + timedelta(days=record.company_id.aftersales_quote_validity_days)
        record.write(vals)

    @api.model
    def _demo_store_turnaround(self, record, state):
        """Store the turnaround as resolving a request, or shipping or closing a repair, stores it."""
        if record._name == "aftersales.request" and state == "resolved":
            record._store_turnaround()
        elif record._name == "aftersales.repair" and (
            state == "shipped" or (state == "done" and not record.shipped_date)
        ):
            record._store_turnaround()

    # ------------------------------------------------------------------
    # Voice of the customer and reports
    # ------------------------------------------------------------------

    @api.model
    def _demo_rate(self, moments):
        """The customers' ratings, given as a customer gives one, dated after the document ended.

        A document rated by an earlier load keeps its rating; it is dated again
        from the history just replayed.
        """
        for xmlid, (spec, rate, feedback) in DEMO_RATINGS.items():
            record = self.env.ref(f"{MODULE}.{xmlid}").with_context(lang=DEMO_LANG)
            partner = record._rating_get_partner()
            rating = record.rating_ids.filtered(lambda r, p=partner: r.consumed and r.partner_id == p)[:1]
            if not rating:
                rating = record.rating_apply(rate, token=record._rating_get_access_token(), feedback=feedback)
            ended = record.resolve_date if record._name == "aftersales.request" else record.done_date
            when = moments(spec)
            if ended and when <= ended:
                when = ended + timedelta(hours=1)
            rating.message_id.write({"date": when})
            rating.flush_recordset()
            self.env.cr.execute(
                SQL("UPDATE rating_rating SET create_date = %s, write_date = %s WHERE id = %s", when, when, rating.id)
            )
            rating.invalidate_recordset(["create_date", "write_date"])

    @api.model
    def _demo_money(self, moments):
        """Invoice the chargeable repairs of DEMO_MONEY from the order, post the invoices and register the
        payments, dated when they happened: what the desk and Accounting do, through their actions."""
        for xmlid, (invoiced, paid) in DEMO_MONEY.items():
            repair = self.env.ref(f"{MODULE}.{xmlid}").with_context(lang=DEMO_LANG, tracking_disable=True)
            if repair.invoice_ids:
                continue
            invoice_day = self._demo_local_date(moments(invoiced))
            invoice = repair._action_create_invoice()
            invoice.write({"invoice_date": invoice_day, "date": invoice_day})
            invoice.action_post()
            demo_records = {f"invoice_{xmlid}": invoice}
            if paid:
                payment_day = self._demo_local_date(moments(paid))
                wizard = (
                    self.env["account.payment.register"]
                    .with_context(active_model="account.move", active_ids=invoice.ids)
                    .create({"payment_date": payment_day})
                )
                payment = wizard._create_payments()
                # The wizard's row would keep the customer until the next vacuum (an uninstall deletes it).
                wizard.unlink()
                demo_records[f"payment_{xmlid}"] = payment
            # Demo data, like the records of the demo file: they go with the add-on.
            self.env["ir.model.data"]._update_xmlids(
                [
                    {"xml_id": f"{MODULE}.{name}", "record": record, "noupdate": True}
                    for name, record in demo_records.items()
                ]
            )

    @api.model
    def _demo_refunds(self, moments):
        """Post and pay the credit notes of DEMO_REFUNDS as Accounting does, dated when it happened; paying
        one settles its order (R6) at that moment."""
        for xmlid, (posted, paid) in DEMO_REFUNDS.items():
            repair = self.env.ref(f"{MODULE}.{xmlid}").with_context(lang=DEMO_LANG, tracking_disable=True)
            credit_note = repair.refund_ids[:1]
            if credit_note.state == "draft":
                day = self._demo_local_date(moments(posted))
                credit_note.write({"invoice_date": day, "date": day})
                credit_note.action_post()
            if not paid:
                continue
            paid_when = moments(paid)
            if credit_note.payment_state not in ("paid", "in_payment"):
                wizard = (
                    self.env["account.payment.register"]
                    .with_context(active_model="account.move", active_ids=credit_note.ids, sla_now=paid_when)
                    .create({"payment_date": self._demo_local_date(paid_when)})
                )
                payment = wizard._create_payments()
                wizard.unlink()
                self.env["ir.model.data"]._update_xmlids(
                    [{"xml_id": f"{MODULE}.payment_{xmlid}", "record": payment, "noupdate": True}]
                )
                self.env.flush_all()
            repair.with_context(sla_now=paid_when)._settle()

    @api.model
    def _demo_local_date(self, when):
        """The demo schedule's date of ``when`` (naive UTC)."""
        return self.env.ref(f"{MODULE}.resource_calendar_china")._utc_to_local(when).date()

    @api.model
    def _demo_followups(self):
        """Plan this quarter's follow-up calls as the scheduled action does, then record the calls made."""
        Followup = self.env["aftersales.followup"].with_context(lang=DEMO_LANG)
        Followup._cron_create_quarterly_followups()
        quarter = quarter_of(date_utils.start_of(fields.Date.context_today(Followup), "quarter"))
        for partner_xmlid, outcome in DEMO_FOLLOWUPS.items():
            followup = Followup.search(
                [
                    ("commercial_partner_id", "=", self.env.ref(f"{MODULE}.{partner_xmlid}").id),
                    ("quarter", "=", quarter),
                    ("state", "=", "planned"),
                ],
                limit=1,
            )
            if not followup:
                continue
            vals = {fname: value for fname, value in outcome.items() if fname != "action"}
            if "contact_id" in vals:
                vals["contact_id"] = self.env.ref(f"{MODULE}.{vals['contact_id']}").id
            followup.write(vals)
            getattr(followup, f"action_{outcome['action']}")()

    # ------------------------------------------------------------------
    # Today
    # ------------------------------------------------------------------

    @api.model
    def _demo_schedule_escalations(self, documents, calendar):
        """The project managers' activities on the requests still escalated, due with their dispatch target."""
        for record in documents:
            if record._name != "aftersales.request" or record.state != "escalated":
                continue
            deadline = record.sla_deadline or fields.Datetime.now()
            xmlid = record.get_external_id()[record.id].split(".")[-1]
            record.with_context(mail_activity_quick_update=True).activity_schedule(
                f"{MODULE}.mail_activity_type_escalation",
                date_deadline=calendar._utc_to_local(deadline).date(),
                summary=ESCALATION_SUMMARIES.get(xmlid, "安排技术人员"),
                note=Markup("<p>请为 %s 安排技术人员。</p>") % record.name,
                user_id=record.project_manager_id.id,
            )

    @api.model
    def _demo_sweep(self, flagged):
        """Announce the breaches of the open clocks flagged in the past, then run the breach sweep now."""
        Clock = self.env["aftersales.sla.clock"].with_context(lang=DEMO_LANG)
        still_open = flagged.filtered(lambda c: c.status == "breached" and not c.reached_date)
        if still_open:
            still_open.with_context(lang=DEMO_LANG)._notify_breach()
        Clock._cron_sla_sweep()
