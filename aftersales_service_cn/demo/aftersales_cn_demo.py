import base64

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.tools import file_open

from odoo.addons.aftersales_service.demo.aftersales_demo import DEMO_LANG, DEMO_USERS

CORE = "aftersales_service"

# The company's CNY prices of the core demo's products (its list prices are those of the old books).
DEMO_PRICES = {
    "product_data_logger": 3800.0,
    "product_power_controller": 12800.0,
    "product_handheld_terminal": 2600.0,
    "product_dl200_mainboard": 780.0,
    "product_dl200_modem": 360.0,
    "product_pc500_psu": 1080.0,
    "product_pc500_display": 680.0,
    "product_ht80_touch_panel": 420.0,
    "product_ht80_scan_engine": 360.0,
}

# Units of the company's customers: (customer, product, serial number, months since purchase).
DEMO_UNITS = {
    "lvyuan_logger": ("partner_lvyuan_water", "product_data_logger", "DL200-B0107", 20),
    "lvyuan_controller": ("partner_lvyuan_water", "product_power_controller", "PC500-C0315", 30),
    "pengcheng_controller": ("partner_pengcheng_grid", "product_power_controller", "PC500-C0288", 27),
}

# Repair orders, as far as the desk and the customer took them: (contact, unit, fault, diagnosis, lines
# (product or None for labour, quantity, CNY unit price), how far).
DEMO_REPAIRS = [
    (
        "partner_lvyuan_water_yang",
        "lvyuan_logger",
        "通道数值偶发冻结，需断电重启才恢复。",
        "主板闪存控制器损坏，需更换主板并升级固件。",
        [("product_dl200_mainboard", 1, None), (None, 2, 180.0)],
        "quoted",
    ),
    (
        "partner_lvyuan_water_yang",
        "lvyuan_controller",
        "显示屏无显示，电源指示灯闪烁。",
        "电源模块电容老化，显示模块排线烧蚀：更换电源模块和显示模块。",
        [("product_pc500_psu", 1, None), ("product_pc500_display", 1, None), (None, 3, 180.0)],
        "invoiced",
    ),
    (
        "partner_pengcheng_grid_wang",
        "pengcheng_controller",
        "雷击后无法开机。",
        "电源模块击穿，更换电源模块。",
        [("product_pc500_psu", 1, None), (None, 1.5, 180.0)],
        "shipped",
    ),
]


class AftersalesCnDemo(models.AbstractModel):
    """The demo of the Chinese company, through the public API: its settings, its staff and customers, its
    price list and a service desk with repairs quoted, invoiced and paid."""

    _name = "aftersales.cn.demo"
    _description = "After-Sales Demo Data of the Chinese Company"

    @api.model
    def _load_demo(self):
        company = self.env.ref("base.demo_company_cn_lantuo")
        if self.env["aftersales.team"].search_count([("company_id", "=", company.id)], limit=1):
            return True  # loaded already (an upgrade with demo data)
        self = self.with_context(lang=DEMO_LANG, tracking_disable=True)
        self._demo_old_books(company)
        self._demo_settings(company)
        team = self._demo_team(company)
        self._demo_register({"team_shenzhen": team, "pricelist_china": self._demo_pricelist(company)})
        self._demo_repairs(company, team)
        return True

    @api.model
    def _demo_register(self, records):
        """Give ``records`` (``{name: record}``) external ids of this add-on, as the records of a demo file
        have: they go with the add-on when it is uninstalled (newest first)."""
        self.env["ir.model.data"]._update_xmlids(
            [
                {"xml_id": f"aftersales_service_cn.{name}", "record": record, "noupdate": True}
                for name, record in records.items()
            ]
        )

    def _ref(self, xmlid):
        return self.env.ref(xmlid if "." in xmlid else f"{CORE}.{xmlid}")

    @api.model
    def _demo_close_old_books(self):
        """Name the core demo's company as the old books: the new company takes its name."""
        old = self.env.ref("base.main_company")
        if "旧账套" not in old.name:
            old.name = f"{old.name}（旧账套）"
        return True

    @api.model
    def _demo_old_books(self, company):
        """Move the staff and the portal customer to the new company; they keep access to the old books."""
        users = self.env["res.users"].browse([self._ref(xmlid).id for xmlid in (*DEMO_USERS, "user_portal_customer")])
        users.write({"company_ids": [Command.link(company.id)]})
        # The administrator keeps the first company as their own (Odoo's tests rely on it), with both books.
        users.filtered(lambda user: user != self.env.ref("base.user_admin")).write({"company_id": company.id})

    @api.model
    def _demo_settings(self, company):
        """Beijing working hours, the bank account customers pay to, A4 letterhead."""
        # The new books' own working hours: Beijing time, China's public holidays and make-up working days.
        calendar = self._ref("resource_calendar_china").copy({"company_id": company.id})
        calendar.name = self._ref("resource_calendar_china").name
        bank = self.env["res.bank"].create({"name": "招商银行深圳科技园支行", "bic": "CMBCCNBS"})
        account = self.env["res.partner.bank"].create(
            {
                "partner_id": company.partner_id.id,
                "bank_id": bank.id,
                "acc_number": "7559 0386 1210 802",
                "acc_holder_name": company.name,
                "currency_id": company.currency_id.id,
                "allow_out_payment": True,
            }
        )
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank"), ("bank_account_id", "=", False)], limit=1
        )
        journal.bank_account_id = account
        company.write(
            {
                "resource_calendar_id": calendar.id,
                "font": "Noto Sans CJK SC",
                "paperformat_id": self.env.ref("aftersales_service_cn.paperformat_a4_letterhead").id,
                "aftersales_pdf_letterhead": True,
            }
        )

    @api.model
    def _demo_team(self, company):
        return (
            self.env["aftersales.team"]
            .with_company(company)
            .create(
                {
                    "name": "深圳售后服务中心",
                    "team_type": "service_centre",
                    "company_id": company.id,
                    "sequence": 0,
                    "resource_calendar_id": company.resource_calendar_id.id,
                    "manager_id": self._ref("user_service_manager").id,
                    "member_ids": [
                        Command.set(
                            [
                                self._ref(xmlid).id
                                for xmlid in (
                                    "user_service_manager",
                                    "user_agent",
                                    "user_project_manager",
                                    "user_technician",
                                )
                            ]
                        )
                    ],
                    "country_ids": [Command.set(self.env.ref("base.cn").ids)],
                }
            )
        )

    @api.model
    def _demo_pricelist(self, company):
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "中国区价目表（人民币）",
                "currency_id": company.currency_id.id,
                "company_id": company.id,
                "sequence": 1,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "1_product",
                            "product_tmpl_id": self._ref(xmlid).product_tmpl_id.id,
                            "compute_price": "fixed",
                            "fixed_price": price,
                        }
                    )
                    for xmlid, price in DEMO_PRICES.items()
                ],
            }
        )
        for xmlid in {unit[0] for unit in DEMO_UNITS.values()}:
            self._ref(xmlid).with_company(company).property_product_pricelist = pricelist
        return pricelist

    @api.model
    def _demo_repairs(self, company, team):
        """Three mail-in repairs out of warranty, as the desk, the customer and Accounting handle them: one
        quotation waiting for the customer's signature, one accepted whose invoice waits to be paid online,
        one paid, repaired and shipped back."""
        today = fields.Date.context_today(self)
        units = {
            key: self.env["aftersales.equipment"].create(
                {
                    "company_id": company.id,
                    "partner_id": self._ref(partner).id,
                    "product_id": self._ref(product).id,
                    "serial_number": serial,
                    "purchase_date": today - relativedelta(months=months),
                }
            )
            for key, (partner, product, serial, months) in DEMO_UNITS.items()
        }
        self._demo_register({f"equipment_{key}": unit for key, unit in units.items()})
        Repair = self.env["aftersales.repair"].with_company(company)
        technician = self._ref("user_technician")
        confirmation = base64.b64encode(file_open(f"{CORE}/demo/quotation_confirmation_dongfang.pdf", "rb").read())
        for contact, unit, fault, diagnosis, lines, stage in DEMO_REPAIRS:
            repair = Repair.create(
                {
                    "company_id": company.id,
                    "partner_id": self._ref(contact).id,
                    "equipment_id": units[unit].id,
                    "team_id": team.id,
                    "user_id": technician.id,
                    "description": fault,
                    "inbound_carrier": "顺丰速运",
                    "inbound_tracking_ref": f"SF{1403 + len(fault)}8866{len(diagnosis):03d}",
                }
            )
            self._demo_register({f"repair_{unit}": repair})
            repair.action_receive()
            repair.action_diagnose()
            repair.diagnosis = diagnosis
            repair.line_ids = [
                Command.create(
                    {"line_type": "part", "product_id": self._ref(product).id, "quantity": quantity}
                    if product
                    else {"line_type": "labour", "name": "维修工时（小时）", "quantity": quantity, "price_unit": price}
                )
                for product, quantity, price in lines
            ]
            repair.action_mark_quote_sent()
            if stage == "quoted":
                continue
            attachment = self.env["ir.attachment"].create(
                {
                    "name": f"{repair.name} 客户确认.pdf",
                    "datas": confirmation,
                    "res_model": repair._name,
                    "res_id": repair.id,
                }
            )
            repair.quote_confirmation_ids = [Command.link(attachment.id)]
            repair.action_accept_quote()
            invoice = repair._action_create_invoice()
            demo_records = {f"invoice_{unit}": invoice}
            if stage != "invoiced":
                wizard = (
                    self.env["account.payment.register"]
                    .with_context(active_model="account.move", active_ids=invoice.ids)
                    .create({"payment_date": today})
                )
                demo_records[f"payment_{unit}"] = wizard._create_payments()
                wizard.unlink()
            # Posted entries are deleted by the add-on's uninstall hook, before Odoo deletes the others.
            self._demo_register(demo_records)
            if stage == "invoiced":
                continue
            repair.action_start_repair()
            repair.action_finish_repair()
            repair.write({"outbound_carrier": "顺丰速运", "outbound_tracking_ref": "SF1420 7731 0592"})
            repair.action_ship()
