from odoo.tools import SQL

from .demo.aftersales_stock_demo import DEMO_STOCK_MODELS


def post_init_hook(env):
    """Set up the companies and warehouses that exist at install, as stock does for new ones: each company's
    warranty cost account (with a chart of accounts) and consumption locations, each active warehouse's repair
    location and operation types. Teams get their warehouse from its computation."""
    env["stock.warehouse"]._aftersales_setup_all()


def _unlink_demo_stock(env):
    """Delete the demo's stock records (external ids of this add-on, see ``demo/``) before the locations and
    operation types are looked at: done moves cannot go through the ORM, and they would keep the locations and
    the demo products of the service centre."""
    data = env["ir.model.data"].search(
        [("module", "=", "aftersales_service_stock"), ("model", "in", DEMO_STOCK_MODELS)]
    )
    env.flush_all()
    for model in DEMO_STOCK_MODELS:
        ids = tuple(data.filtered(lambda d, m=model: d.model == m).mapped("res_id"))
        if ids:
            env.cr.execute(SQL("DELETE FROM %s WHERE id IN %s", SQL.identifier(env[model]._table), ids))
    data.unlink()
    env.invalidate_all()


def uninstall_hook(env):
    """Remove the locations, operation types and sequences the add-on created.

    What holds history stays, archived: an operation type with transfers (and its sequence), a location with
    stock moves. A repair location that still holds customers' units stays active, so that the units stay
    visible in Inventory. The warranty cost account is removed by Odoo with the add-on's external ids, unless
    journal items use it.
    """
    _unlink_demo_stock(env)
    Warehouse = env["stock.warehouse"].with_context(active_test=False)
    warehouses = Warehouse.search([])
    companies = env["res.company"].with_context(active_test=False).search([])
    picking_types = (warehouses.aftersales_receipt_type_id | warehouses.aftersales_return_type_id).with_context(
        active_test=False
    )
    locations = (
        warehouses.aftersales_repair_location_id
        | warehouses.aftersales_refurbish_location_id
        | warehouses.aftersales_quarantine_location_id
        | companies.aftersales_warranty_location_id
        | companies.aftersales_chargeable_location_id
    ).with_context(active_test=False)

    used_types = (
        env["stock.picking"].with_context(active_test=False).search([("picking_type_id", "in", picking_types.ids)])
    ).picking_type_id | env["stock.move"].search([("picking_type_id", "in", picking_types.ids)]).picking_type_id
    unused_types = picking_types - used_types
    sequences = unused_types.sequence_id
    used_types.write({"active": False})
    unused_types.unlink()
    sequences.unlink()

    moves = env["stock.move"].search(
        ["|", ("location_id", "in", locations.ids), ("location_dest_id", "in", locations.ids)]
    )
    quants = env["stock.quant"].search([("location_id", "in", locations.ids)])
    used_locations = locations & (
        moves.location_id
        | moves.location_dest_id
        | quants.location_id
        | used_types.default_location_src_id
        | used_types.default_location_dest_id
    )
    holding = quants.filtered(lambda quant: quant.quantity and quant.location_id.usage == "internal").location_id
    (used_locations - holding).write({"active": False})
    (locations - used_locations).unlink()
