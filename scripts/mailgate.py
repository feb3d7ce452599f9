"""Hand an email (RFC 822, on standard input) to a running Odoo's mail gateway.

The mail gateway routes it like any incoming mail: a message to a team's alias
creates a service request, a reply threads into its request. Odoo's own
odoo-mailgate.py is still Python 2; this is the same call over XML-RPC.

    python scripts/mailgate.py -d aftersales -u admin -p admin < message.eml
"""

import argparse
import sys
import xmlrpc.client


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", default="aftersales")
    parser.add_argument("-u", "--user", default="admin", help="login of a user allowed to process mail")
    parser.add_argument("-p", "--password", default="admin")
    parser.add_argument("--url", default="http://localhost:8069")
    args = parser.parse_args()

    raw = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    common = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/common")
    uid = common.authenticate(args.database, args.user, args.password, {})
    if not uid:
        sys.exit(f"Login refused for {args.user} on {args.database}")
    models = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/object")
    thread_id = models.execute_kw(args.database, uid, args.password, "mail.thread", "message_process", [False, raw])
    sys.stdout.write(f"processed into record {thread_id}\n")


if __name__ == "__main__":
    main()
