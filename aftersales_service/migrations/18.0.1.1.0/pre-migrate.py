"""18.0.1.1.0: the quotation email links to the customer portal.

The template lives in a ``noupdate`` file: reload it once from the add-on's
data (the post-migration protects it again).
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE ir_model_data SET noupdate = false
            WHERE module = 'aftersales_service' AND name = 'mail_template_repair_quotation'"""
    )
