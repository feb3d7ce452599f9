from odoo import models

from odoo.addons.account.models.chart_template import template

MODULE = "aftersales_service_cn"


class AccountChartTemplate(models.AbstractModel):
    """What ``l10n_cn`` leaves out of the Chinese charts: the small-scale taxpayer's 3% (征收率) and a zero-rated
    export tax with its fiscal position."""

    _inherit = "account.chart.template"

    @template("cn_common", "account.tax.group")
    def _get_aftersales_cn_tax_group(self):
        return self._parse_csv("cn_common", "account.tax.group", module=MODULE)

    @template("cn_common", "account.tax")
    def _get_aftersales_cn_tax(self):
        return self._parse_csv("cn_common", "account.tax", module=MODULE)

    @template("cn", "account.fiscal.position")
    def _get_aftersales_cn_fiscal_position(self):
        return self._parse_csv("cn", "account.fiscal.position", module=MODULE)

    @template("cn_large_bis", "account.fiscal.position")
    def _get_aftersales_cn_large_bis_fiscal_position(self):
        return self._parse_csv("cn_large_bis", "account.fiscal.position", module=MODULE)

    def _aftersales_cn_load_missing(self, company):
        """Create on ``company`` (already on a Chinese chart) the records above it lacks, and nothing else."""
        ChartTemplate = self.with_company(company)
        data = {
            "account.tax.group": ChartTemplate._get_aftersales_cn_tax_group(),
            "account.tax": ChartTemplate._get_aftersales_cn_tax(),
            "account.fiscal.position": ChartTemplate._parse_csv(
                company.chart_template, "account.fiscal.position", module=MODULE
            ),
        }
        for records in data.values():
            for xmlid in list(records):
                if ChartTemplate.ref(xmlid, raise_if_not_found=False):
                    del records[xmlid]
        ChartTemplate._load_data(data)
