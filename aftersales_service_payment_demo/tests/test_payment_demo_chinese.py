import re

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPaymentDemoChinese(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["payment_demo", "aftersales_service_payment_demo"], ["zh_CN"])

    def _simulated_states(self, lang):
        """The values and the labels of the demo provider's status list, rendered in ``lang``."""
        html = str(self.env["ir.qweb"].with_context(lang=lang)._render("payment_demo.payment_details", {}))
        select = re.search(r'<select id="simulated_payment_state".*?</select>', html, re.S).group(0)
        return re.findall(r'value="([^"]*)"', select), re.findall(r">\s*([^<\s][^<]*?)\s*<", select)

    def test_status_values_are_never_translated(self):
        states = ["done", "pending", "cancel", "error"]
        self.assertEqual(self._simulated_states("en_US"), (states, ["Successful", "Pending", "Cancelled", "Error"]))
        self.assertEqual(
            self._simulated_states("zh_CN"),
            (states, ["成功", "处理中", "已取消", "错误"]),
            "the provider understands the state a Chinese reader picks, labelled in Chinese",
        )
        # What Odoo's own translation sends without this add-on: a state the provider does not know.
        self.env.ref("aftersales_service_payment_demo.payment_details").active = False
        self.assertEqual(self._simulated_states("zh_CN")[0][0], "完成")
