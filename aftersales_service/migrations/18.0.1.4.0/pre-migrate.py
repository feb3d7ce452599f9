"""18.0.1.4.0: a serial number is unique among the active, not replaced units of a product.

The unique constraint on (product, serial) also held for archived and replaced units, so an exchanged
unit's serial could never be reused by its refurbished successor. It becomes a partial unique index
(``aftersales.equipment.init``) and a constraint with a message: drop the old one first.
"""


def migrate(cr, version):
    cr.execute("ALTER TABLE aftersales_equipment DROP CONSTRAINT IF EXISTS aftersales_equipment_serial_product_uniq")
    cr.execute("DELETE FROM ir_model_constraint WHERE name = 'aftersales_equipment_serial_product_uniq'")
