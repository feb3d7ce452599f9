"""Stock bridge benchmark: a mail-in repair through the warehouse, and refunds in bulk, against Odoo's own.

1. Per order, our flow: create the order with 3 part lines, Receive (a validated receipt of the customer's
   unit into the repair location), Start Repair (the parts reserved), Repair Done (consumed), Ship Back (a
   validated return) -- against Odoo's ``repair.order`` with the same 3 parts: create, confirm, start, end
   (its moves done). Target: at most 1.2 times Odoo's queries and time.
2. 50 refunds in one call (``action_create_refund``: 50 credit notes reversing their invoices) against
   Odoo's own reversal of 50 invoices (``account.move._reverse_moves``). Target: at most Odoo's queries.

Each flow runs on fresh records after a warm-up; the records are rolled back at the end. Run with
scripts/bench.sh stock [--orders N] [--refunds N] (its own database, with ``repair`` installed beside the
bridge).
"""

from common import environment, measure, parse_args

from odoo import Command, fields


def options(parser):
    parser.add_argument("--orders", type=int, default=20)
    parser.add_argument("--refunds", type=int, default=50)


def setup(env):
    company = env.company
    company.aftersales_repair_requires_payment = False
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    Product = env["product.product"]
    device = Product.create(
        {"name": "Bench stock device", "is_storable": True, "aftersales_serviceable": True, "standard_price": 500.0}
    )
    parts = Product.create(
        [{"name": f"Bench stock part {i}", "is_storable": True, "standard_price": 10.0 + i} for i in range(3)]
    )
    for part in parts:
        env["stock.quant"]._update_available_quantity(part, warehouse.lot_stock_id, 100000)
    customer = env["res.partner"].create({"name": "Bench stock customer", "is_company": True})
    team = env["aftersales.team"].create({"name": "Bench stock team", "warehouse_id": warehouse.id})
    # The refunds compare credit notes alone (Odoo's reversal moves no stock): a consumable device.
    sold_device = Product.create({"name": "Bench refund device", "type": "consu", "aftersales_serviceable": True})
    return warehouse, device, parts, customer, team, sold_device


def our_flow(env, device, parts, customer, team, count, prefix):
    units = env["aftersales.equipment"].create(
        [
            {
                "product_id": device.id,
                "partner_id": customer.id,
                "serial_number": f"{prefix}-{n}",
                "purchase_date": fields.Date.today(),
            }
            for n in range(count)
        ]
    )
    for unit in units:
        repair = env["aftersales.repair"].create(
            {
                "partner_id": customer.id,
                "equipment_id": unit.id,
                "team_id": team.id,
                "line_ids": [
                    Command.create({"line_type": "part", "product_id": part.id, "quantity": 1}) for part in parts
                ],
            }
        )
        repair.action_receive()
        repair.action_start_repair()
        repair.action_finish_repair()
        repair.write({"outbound_carrier": "SF Express", "outbound_tracking_ref": f"SF-{repair.id}"})
        repair.action_ship()
        assert repair.state == "shipped" and len(repair.move_ids.filtered(lambda m: m.state == "done")) == 3


def transfer_unit(env, picking_type, device, customer, source, destination):
    """A validated transfer of one customer-owned unit, as a user makes one in Inventory."""
    picking = env["stock.picking"].create(
        {
            "picking_type_id": picking_type.id,
            "partner_id": customer.id,
            "owner_id": customer.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "move_ids": [
                Command.create(
                    {
                        "name": device.name,
                        "product_id": device.id,
                        "product_uom_qty": 1,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "restrict_partner_id": customer.id,
                    }
                )
            ],
        }
    )
    picking.action_confirm()
    picking.action_assign()
    picking.move_ids.quantity = 1
    picking.button_validate()


def odoo_flow(env, warehouse, device, parts, customer, count, transfers=False):
    """Odoo's repair order with the same parts; with ``transfers``, the unit also comes in and goes back with a
    receipt and a delivery, which Odoo's repair does not make itself."""
    picking_type = env["stock.picking.type"].search(
        [("code", "=", "repair_operation"), ("warehouse_id", "=", warehouse.id)], limit=1
    )
    source = picking_type.default_location_src_id
    customers = env.ref("stock.stock_location_customers")
    if not transfers:
        # Odoo's repair takes the unit from its operation type's source location: it is there, the customer's.
        env["stock.quant"]._update_available_quantity(device, source, count, owner_id=customer)
    for _n in range(count):
        if transfers:
            transfer_unit(env, warehouse.in_type_id, device, customer, customers, source)
        repair = env["repair.order"].create(
            {
                "picking_type_id": picking_type.id,
                "product_id": device.id,
                "partner_id": customer.id,
                "under_warranty": True,
                "move_ids": [
                    Command.create({"repair_line_type": "add", "product_id": part.id, "product_uom_qty": 1})
                    for part in parts
                ],
            }
        )
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        assert repair.state == "done", repair.state
        if transfers:
            transfer_unit(env, warehouse.out_type_id, device, customer, repair.location_dest_id, customers)


def invoices(env, device, customer, count):
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [Command.create({"product_id": device.id, "quantity": 1, "price_unit": 900.0})],
            }
            for _n in range(count)
        ]
    )
    moves.action_post()
    return moves


def main():
    args = parse_args(__doc__, options)
    results = {}
    with environment(args.database) as env:
        warehouse, device, parts, customer, team, sold_device = setup(env)
        # Warm-up: caches, registries, sequences.
        our_flow(env, device, parts, customer, team, 1, "BENCH-WARM")
        odoo_flow(env, warehouse, device, parts, customer, 1)
        cr = env.cr
        with measure(cr, f"ours: receive, 3 parts, ship x{args.orders}", results, per=args.orders):
            our_flow(env, device, parts, customer, team, args.orders, "BENCH-STOCK")
        with measure(cr, f"Odoo repair.order, 3 parts x{args.orders}", results, per=args.orders):
            odoo_flow(env, warehouse, device, parts, customer, args.orders)
        label = f"Odoo repair.order, 3 parts, receipt and delivery x{args.orders}"
        with measure(cr, label, results, per=args.orders):
            odoo_flow(env, warehouse, device, parts, customer, args.orders, transfers=True)

        n = args.refunds
        sold = invoices(env, sold_device, customer, n)
        units = env["aftersales.equipment"].create(
            [
                {
                    "product_id": sold_device.id,
                    "partner_id": customer.id,
                    "serial_number": f"BENCH-REFUND-{i}",
                    "purchase_date": fields.Date.today(),
                    "sales_reference": invoice.name,
                }
                for i, invoice in enumerate(sold)
            ]
        )
        repairs = env["aftersales.repair"].create(
            [
                {"partner_id": customer.id, "equipment_id": unit.id, "team_id": team.id, "operation": "refund"}
                for unit in units
            ]
        )
        repairs.action_receive()
        with measure(cr, f"ours: action_create_refund of {n} orders", results, per=n):
            repairs.action_create_refund()
        assert len(repairs.refund_ids) == n
        others = invoices(env, sold_device, customer, n)
        with measure(cr, f"Odoo: _reverse_moves of {n} invoices", results, per=n):
            others._reverse_moves()
        cr.rollback()

    repair_flow = f"ours: receive, 3 parts, ship x{args.orders}"
    comparisons = (
        (repair_flow, f"Odoo repair.order, 3 parts x{args.orders}", 1.2),
        (repair_flow, f"Odoo repair.order, 3 parts, receipt and delivery x{args.orders}", 1.2),
        (f"ours: action_create_refund of {n} orders", f"Odoo: _reverse_moves of {n} invoices", 1.0),
    )
    for ours, theirs, target in comparisons:
        print(
            f"{ours} / {theirs}: time {results[ours]['seconds'] / results[theirs]['seconds']:.2f}, "
            f"queries {results[ours]['queries'] / results[theirs]['queries']:.2f} (target <= {target})"
        )


if __name__ == "__main__":
    main()
