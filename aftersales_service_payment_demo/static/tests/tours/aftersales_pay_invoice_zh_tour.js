import { registry } from "@web/core/registry";

// A customer who reads Chinese pays a repair invoice on the portal with the demo provider, keeping the
// status it offers, 成功 (successful). The invoice and the repair order come from test_pay_in_chinese.py.
registry.category("web_tour.tours").add("aftersales_pay_invoice_zh_tour", {
    steps: () => [
        {
            content: "Open the payment dialog: 立即支付 (Pay Now)",
            trigger: "a[data-bs-target='#pay_with']:contains('立即支付')",
            run: "click",
        },
        {
            content: "Choose the demo provider (演示)",
            trigger: "#pay_with input[name='o_payment_radio'][data-provider-code='demo']",
            run: "click",
        },
        {
            content: "The demo provider's status list is in Chinese, its values are not",
            trigger: "#pay_with select#simulated_payment_state:has(option[value='done']:contains('成功'))",
        },
        {
            content: "Enter a card number",
            trigger: "#pay_with input[name='customer_input']",
            run: "edit 4242424242424242",
        },
        {
            content: "Pay",
            trigger: "#pay_with button[name='o_payment_submit_button']:not(:disabled)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The payment is processed: its status page, or the invoice it leads back to",
            trigger: "div[name='o_payment_status'], .o_portal_sidebar .badge .fa-check-circle",
        },
    ],
});
