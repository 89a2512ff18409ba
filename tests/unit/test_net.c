/* Address lists and the client address behind trusted proxies (X-Forwarded-For). */
#include "check.h"
#include "core/net.h"

static const char *client(const char *peer, const char *forwarded, const char *trusted)
{
	static char out[ADDRESS_TEXT_MAX];
	struct cidr_list list;
	if (cidr_list_parse(trusted, &list))
		return "(bad list)";
	client_address_of(peer, forwarded, &list, out);
	return out;
}

int main(void)
{
	struct cidr_list l;
	CHECK_EQ_INT(cidr_list_parse("", &l), 0);
	CHECK_EQ_INT(l.n, 0);
	CHECK_EQ_INT(cidr_list_parse("10.0.0.0/8, 192.168.1.7,::1,2001:db8::/32", &l), 0);
	CHECK_EQ_INT(l.n, 4);
	CHECK(cidr_list_contains(&l, "10.200.3.4"));
	CHECK(!cidr_list_contains(&l, "11.0.0.1"));
	CHECK(cidr_list_contains(&l, "192.168.1.7"));
	CHECK(!cidr_list_contains(&l, "192.168.1.8"));
	CHECK(cidr_list_contains(&l, "::1"));
	CHECK(cidr_list_contains(&l, "2001:db8:ffff::1"));
	CHECK(!cidr_list_contains(&l, "2001:db9::1"));
	CHECK(cidr_list_contains(&l, "::ffff:10.1.2.3")); /* an IPv4 peer on an IPv6 socket */
	CHECK(!cidr_list_contains(&l, "not an address"));
	CHECK_EQ_INT(cidr_list_parse("172.16.0.0/12", &l), 0);
	CHECK(cidr_list_contains(&l, "172.31.255.255"));
	CHECK(!cidr_list_contains(&l, "172.32.0.0"));
	/* refused */
	CHECK_EQ_INT(cidr_list_parse("10.0.0.0/33", &l), -1);
	CHECK_EQ_INT(cidr_list_parse("::/129", &l), -1);
	CHECK_EQ_INT(cidr_list_parse("10.0.0.0/", &l), -1);
	CHECK_EQ_INT(cidr_list_parse("example.com", &l), -1);
	CHECK_EQ_INT(cidr_list_parse("1.2.3.4/8x", &l), -1);

	/* no trusted proxies: the peer, whatever the header says */
	CHECK_STR(client("203.0.113.5", "1.1.1.1", ""), "203.0.113.5");
	/* a peer that is not trusted: its header is ignored */
	CHECK_STR(client("203.0.113.5", "1.1.1.1", "10.0.0.0/8"), "203.0.113.5");
	/* a trusted peer without the header */
	CHECK_STR(client("10.0.0.2", NULL, "10.0.0.0/8"), "10.0.0.2");
	/* the rightmost hop that is not trusted; what a client wrote before it does not matter */
	CHECK_STR(client("10.0.0.2", "6.6.6.6, 198.51.100.4", "10.0.0.0/8"), "198.51.100.4");
	CHECK_STR(client("10.0.0.2", "6.6.6.6, 198.51.100.4 , 10.9.9.9", "10.0.0.0/8"), "198.51.100.4");
	/* every hop trusted: the leftmost */
	CHECK_STR(client("10.0.0.2", "10.1.1.1,10.2.2.2", "10.0.0.0/8"), "10.1.1.1");
	/* a malformed hop ends the walk at the last trusted one */
	CHECK_STR(client("10.0.0.2", "198.51.100.4, garbage", "10.0.0.0/8"), "10.0.0.2");
	CHECK_STR(client("10.0.0.2", "198.51.100.4, 10.3.3.3, , 10.4.4.4", "10.0.0.0/8"), "10.4.4.4");
	CHECK_STR(client("10.0.0.2", "", "10.0.0.0/8"), "10.0.0.2");
	CHECK_STR(client("::1", "2001:db8::7", "::1"), "2001:db8::7");

	/* budgets: IPv4 by address, IPv6 by /64 */
	char key[ADDRESS_TEXT_MAX];
	address_budget_key("198.51.100.4", key);
	CHECK_STR(key, "198.51.100.4");
	address_budget_key("::ffff:198.51.100.4", key);
	CHECK_STR(key, "::ffff:198.51.100.4");
	address_budget_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd", key);
	CHECK_STR(key, "2001:db8:1:2::/64");
	address_budget_key("2001:db8:1:2::1", key);
	CHECK_STR(key, "2001:db8:1:2::/64");

	/* what webhooks may reach: the public Internet only */
	const char *public_addresses[] = {
		"8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"};
	for (size_t i = 0; i < ARRAY_LEN(public_addresses); i++)
		CHECK(address_is_public(public_addresses[i]));
	const char *reserved_addresses[] = {"127.0.0.1",
	                                    "10.1.2.3",
	                                    "172.16.0.1",
	                                    "192.168.1.1",
	                                    "169.254.169.254",
	                                    "100.64.0.1",
	                                    "0.0.0.0",
	                                    "224.0.0.1",
	                                    "::1",
	                                    "::",
	                                    "fe80::1",
	                                    "fd00::1",
	                                    "::ffff:127.0.0.1",
	                                    "64:ff9b::a00:1",
	                                    "2002:a00:1::1",
	                                    "not an address",
	                                    ""};
	for (size_t i = 0; i < ARRAY_LEN(reserved_addresses); i++)
		CHECK(!address_is_public(reserved_addresses[i]));
	return check_summary("net");
}
