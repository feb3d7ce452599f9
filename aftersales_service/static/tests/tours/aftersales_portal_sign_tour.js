import { waitUntil } from "@odoo/hoot-dom";
import { registry } from "@web/core/registry";

// A portal customer opens their repair order and signs its quotation.
// The repair order is created by the Python test (test_portal_repair.py).
registry.category("web_tour.tours").add("aftersales_portal_sign_tour", {
    url: "/my/repairs",
    steps: () => [
        {
            content: "Open the repair order waiting for the quotation's acceptance",
            trigger: "tr:has(span:contains('Quoted')) td a[href^='/my/repairs/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The quotation is shown with its lines",
            trigger: "#aftersales_repair_lines_table:contains('Main board')",
        },
        {
            content: "Accept and sign",
            trigger: ".o_aftersales_repair_accept",
            run: "click",
        },
        {
            content: "The name is filled in",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Alice Portal)",
        },
        {
            content: "The signature is drawn from the name",
            trigger: ".modal canvas.o_web_sign_signature",
            async run(helpers) {
                await waitUntil(() => {
                    const canvas = helpers.anchor;
                    const context = canvas.getContext("2d");
                    const imageData = context.getImageData(0, 0, canvas.width, canvas.height);
                    return new Uint32Array(imageData.data.buffer).some((pixel) => pixel !== 0);
                });
            },
        },
        {
            content: "Submit",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The quotation is accepted",
            trigger: "#aftersales_repair_content .alert-success:contains('The quotation is accepted')",
        },
        {
            content: "The signature is shown",
            trigger: "#aftersales_repair_quotation img[alt='Signature']",
        },
    ],
});
