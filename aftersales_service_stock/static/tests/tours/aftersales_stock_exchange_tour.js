import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A technician without stock rights receives a unit under warranty, prepares
// its replacement with a new part, and ships the replacement from stock.
registry.category("web_tour.tours").add("aftersales_stock_exchange_tour", {
    steps: () => [
        {
            content: "Receive the unit",
            trigger: "button[name='action_receive']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status [aria-checked='true']:contains('Received')",
        },
        {
            content: "Start preparing the replacement: the part is reserved",
            trigger: "button[name='action_start_repair']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status [aria-checked='true']:contains('In Repair')",
        },
        {
            content: "The replacement is ready: the part is consumed",
            trigger: "button[name='action_finish_repair']:contains('Replacement Ready')",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status [aria-checked='true']:contains('Repaired')",
        },
        {
            content: "Enter the courier",
            trigger: "div[name='outbound_carrier'] input",
            run: "edit SF Express",
        },
        {
            trigger: "div[name='outbound_tracking_ref'] input",
            run: "edit SF-TOUR-OUT",
        },
        ...stepUtils.saveForm(),
        {
            content: "Ship the replacement",
            trigger: "button[name='action_ship']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status [aria-checked='true']:contains('Shipped')",
        },
        {
            content: "The replacement is the customer's new unit",
            trigger: "div[name='replacement_equipment_id']:contains('TOUR-NEW-1')",
        },
    ],
});
