/* Client addresses: lists of addresses and networks (CIDR), and the client behind trusted
 * proxies (X-Forwarded-For). */
#ifndef IPR_CORE_NET_H
#define IPR_CORE_NET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"

#define CIDRS_MAX 32
#define ADDRESS_TEXT_MAX 48

struct cidr {
	unsigned char addr[16]; /* IPv4 as IPv4-mapped IPv6 */
	int bits;               /* of the 128 */
};

struct cidr_list {
	struct cidr items[CIDRS_MAX];
	int n;
};

/* Parses a comma-separated list of addresses and networks ("10.0.0.0/8, ::1"); an empty text
 * is an empty list. Returns 0, or -1 when an item is not an address, its prefix is too long,
 * or there are more than CIDRS_MAX. */
int cidr_list_parse(const char *text, struct cidr_list *out) MUST_CHECK;
/* Whether the address (text) is in one of the list's networks. */
bool cidr_list_contains(const struct cidr_list *list, const char *address);

/* Whether an address (text) is public: not private (RFC 1918, fc00::/7), loopback, link-local,
 * shared (100.64.0.0/10), documentation, benchmarking, multicast, unspecified or a translation
 * prefix that embeds another address (NAT64, 6to4). False for what is not an address. */
bool address_is_public(const char *address);

/* What a per-address budget counts by: an IPv4 address itself; for IPv6 its /64 network (one
 * subscriber's, who has all its 2^64 addresses), written "2001:db8:1:2::/64". */
void address_budget_key(const char *address, char out[ADDRESS_TEXT_MAX]);

/* The client's address: the peer, unless the peer is a trusted proxy and the request carries
 * X-Forwarded-For (forwarded, may be NULL); then the rightmost hop that is not a trusted
 * proxy, read from the right (a malformed hop ends the walk at the last trusted one, the
 * leftmost hop when every one is trusted). Written to out (ADDRESS_TEXT_MAX). */
void client_address_of(const char *peer, const char *forwarded, const struct cidr_list *trusted,
                       char out[ADDRESS_TEXT_MAX]);

#endif
