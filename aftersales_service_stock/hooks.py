def post_init_hook(env):
    """Set up the companies and warehouses that exist at install, as stock does for new ones: each company's
    warranty cost account (with a chart of accounts) and consumption locations, each active warehouse's repair
    location and operation types. Teams get their warehouse from its computation."""
    companies = env["res.company"].search([])
    companies._aftersales_create_warranty_cost_account()
    companies._aftersales_create_stock_locations()
    env["stock.warehouse"].search([])._aftersales_create_repair_stock()


def uninstall_hook(env):
    """Remove the locations, operation types and sequences the add-on created.

    What holds history stays, archived: an operation type with transfers (and its sequence), a location with
    stock moves. A repair location that still holds customers' units stays active, so that the units stay
    visible in Inventory. The warranty cost account is removed by Odoo with the add-on's external ids, unless
    journal items use it.
    """
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
