from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.aftersales_service.tests.common import RepairCommon


class ChineseRepairCommon(RepairCommon):
    """The repair desk of ``RepairCommon`` on a company on l10n_cn's chart, in CNY, with its address, hotline
    and bank account: what the documents of a Chinese company print."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country("cn")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "name": "深圳市测试仪器有限公司",
                "street": "科苑路 15 号",
                "city": "深圳市",
                "vat": "91440300MA5FTL2X8K",
                "aftersales_hotline": "400-860-3300",
            }
        )
        bank = cls.env["res.bank"].create({"name": "招商银行深圳科技园支行"})
        cls.env["res.partner.bank"].create(
            {"partner_id": cls.company.partner_id.id, "bank_id": bank.id, "acc_number": "7559 0386 1210 802"}
        )
        cls.vat_13 = cls.company.account_sale_tax_id
        cls.part.taxes_id = [Command.set(cls.vat_13.ids)]

    def _chinese_repair(self, lines):
        """An out-of-warranty repair diagnosed, with ``lines`` ((product or None, quantity, unit price))."""
        repair = self._repair(self.unit_expired)
        repair.action_receive()
        repair.write(
            {
                "line_ids": [
                    Command.create(
                        {"line_type": "part", "product_id": product.id, "quantity": quantity, "price_unit": price}
                        if product
                        else {"line_type": "labour", "name": "维修工时", "quantity": quantity, "price_unit": price}
                    )
                    for product, quantity, price in lines
                ]
            }
        )
        return repair
