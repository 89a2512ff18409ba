#include "core/net.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads an IPv4 or IPv6 address into its IPv6 form (IPv4 mapped); *v4 says which it was. */
static bool address_parse(const char *text, unsigned char out[16], bool *v4)
{
	struct in_addr a4;
	struct in6_addr a6;
	if (inet_pton(AF_INET, text, &a4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, &a4, 4);
		*v4 = true;
		return true;
	}
	if (inet_pton(AF_INET6, text, &a6) == 1) {
		memcpy(out, &a6, 16);
		*v4 = IN6_IS_ADDR_V4MAPPED(&a6);
		return true;
	}
	return false;
}

static bool cidr_parse(const char *item, struct cidr *c)
{
	char text[ADDRESS_TEXT_MAX + 8];
	if (strlen(item) >= sizeof text)
		return false;
	snprintf(text, sizeof text, "%s", item);
	char *slash = strchr(text, '/');
	if (slash)
		*slash = '\0';
	bool v4 = false;
	if (!address_parse(text, c->addr, &v4))
		return false;
	int max = v4 ? 32 : 128;
	int bits = max;
	if (slash) {
		char *end = NULL;
		long b = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end || b < 0 || b > max)
			return false;
		bits = (int)b;
	}
	c->bits = v4 ? bits + 96 : bits;
	return true;
}

int cidr_list_parse(const char *text, struct cidr_list *out)
{
	out->n = 0;
	const char *p = text;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, ", ");
		if (!n)
			break;
		char item[ADDRESS_TEXT_MAX + 8];
		if (n >= sizeof item || out->n == CIDRS_MAX)
			return -1;
		memcpy(item, p, n);
		item[n] = '\0';
		if (!cidr_parse(item, &out->items[out->n]))
			return -1;
		out->n++;
		p += n;
	}
	return 0;
}

static bool cidr_has(const struct cidr *c, const unsigned char a[16])
{
	int full = c->bits / 8, rest = c->bits % 8;
	if (memcmp(c->addr, a, (size_t)full) != 0)
		return false;
	if (!rest)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (c->addr[full] & mask) == (a[full] & mask);
}

bool cidr_list_contains(const struct cidr_list *list, const char *address)
{
	unsigned char a[16];
	bool v4;
	if (!address_parse(address, a, &v4))
		return false;
	for (int i = 0; i < list->n; i++)
		if (cidr_has(&list->items[i], a))
			return true;
	return false;
}

void address_budget_key(const char *address, char out[ADDRESS_TEXT_MAX])
{
	unsigned char a[16];
	bool v4 = false;
	if (!address_parse(address, a, &v4) || v4) {
		snprintf(out, ADDRESS_TEXT_MAX, "%s", address);
		return;
	}
	memset(a + 8, 0, 8);
	char text[INET6_ADDRSTRLEN];
	inet_ntop(AF_INET6, a, text, sizeof text);
	snprintf(out, ADDRESS_TEXT_MAX, "%.40s/64", text); /* at most 21 characters: 4 groups and :: */
}

/* The hop ending at end (exclusive) in forwarded, trimmed, into out; false when it is not an
 * address. */
static bool hop_at(const char *start, const char *end, char out[ADDRESS_TEXT_MAX])
{
	while (start < end && (*start == ' ' || *start == '\t'))
		start++;
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	size_t n = (size_t)(end - start);
	if (n == 0 || n >= ADDRESS_TEXT_MAX)
		return false;
	memcpy(out, start, n);
	out[n] = '\0';
	unsigned char a[16];
	bool v4;
	return address_parse(out, a, &v4);
}

void client_address_of(const char *peer, const char *forwarded, const struct cidr_list *trusted,
                       char out[ADDRESS_TEXT_MAX])
{
	snprintf(out, ADDRESS_TEXT_MAX, "%s", peer);
	if (!forwarded || !cidr_list_contains(trusted, peer))
		return;
	const char *end = forwarded + strlen(forwarded);
	while (end > forwarded) {
		const char *start = end;
		while (start > forwarded && start[-1] != ',')
			start--;
		char hop[ADDRESS_TEXT_MAX];
		if (!hop_at(start, end, hop))
			return; /* malformed: the last trusted hop is the client */
		snprintf(out, ADDRESS_TEXT_MAX, "%s", hop);
		if (!cidr_list_contains(trusted, hop))
			return;
		end = start > forwarded ? start - 1 : forwarded;
	}
}

/* Every network that is not the public Internet's (IANA special-purpose registries). */
static const char *const reserved_networks =
	"0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.0.0.0/24, "
	"192.0.2.0/24, 192.168.0.0/16, 198.18.0.0/15, 198.51.100.0/24, 203.0.113.0/24, 224.0.0.0/3, "
	"::/128, ::1/128, 64:ff9b::/96, 64:ff9b:1::/48, 100::/64, 2001:db8::/32, 2002::/16, fc00::/7, fe80::/10, ff00::/8";
static struct cidr_list reserved;
static pthread_once_t reserved_once = PTHREAD_ONCE_INIT;

static void reserved_load(void)
{
	if (cidr_list_parse(reserved_networks, &reserved) != 0)
		reserved.n = 0; /* a bug, caught by the unit test */
}

bool address_is_public(const char *address)
{
	unsigned char addr[16];
	bool v4 = false;
	if (!address_parse(address, addr, &v4))
		return false;
	pthread_once(&reserved_once, reserved_load);
	return reserved.n > 0 && !cidr_list_contains(&reserved, address);
}
