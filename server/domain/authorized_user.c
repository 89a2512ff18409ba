#include "domain/authorized_user.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

const char *const authorized_roles[] = {"licensee",  "manufacturer", "importer",    "exporter",
                                        "consignor", "consignee",    "distributor", NULL};

static const char *const entry_keys[] = {
	"name",  "registration_number", "country",     "roles", "goods_scope", "hs_codes",
	"ports", "valid_from",          "valid_until", NULL};
/* What a merge-patch may not set to null. */
static const char *const entry_required[] = {"name", "registration_number", "country", "roles", NULL};

bool authorized_role_valid(const char *s)
{
	for (const char *const *r = authorized_roles; s && *r; r++)
		if (!strcmp(*r, s))
			return true;
	return false;
}

bool authorized_users_may_change(enum recordation_status status)
{
	return recordation_may(RECORDATION_CHANGE_AUTHORIZED_USERS, status);
}

char *registration_key(const char *number, char *out, size_t len)
{
	if (!len)
		return out;
	while (*number == ' ')
		number++;
	size_t n = strlen(number);
	while (n > 0 && number[n - 1] == ' ')
		n--;
	if (n >= len)
		n = len - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = number[i] >= 'a' && number[i] <= 'z' ? (char)(number[i] - 'a' + 'A') : number[i];
	out[n] = '\0';
	return out;
}

static bool is_hs_prefix(const char *s)
{
	return text_is_digits(s, 2, 10);
}

void authorized_user_check(json_t *entry, const char *prefix, bool creating, struct field_errors *errs)
{
	enum v_presence required = creating ? V_REQUIRED : V_OPTIONAL;
	char path[256];
	v_no_unknown_fields(entry, entry_keys, prefix, errs);
	for (const char *const *key = entry_required; !creating && *key; key++)
		if (json_is_null(json_object_get(entry, *key))) {
			field_path(path, sizeof path, prefix, *key);
			field_error(errs, path, "cannot be cleared");
		}
	v_string(entry, "name", prefix, 1, 200, required, false, errs);
	v_string(entry, "registration_number", prefix, 1, 64, required, false, errs);
	const char *country = v_string(entry, "country", prefix, 2, 2, required, false, errs);
	if (country && !text_is_country(country)) {
		field_path(path, sizeof path, prefix, "country");
		field_error(errs, path, "must be an ISO 3166-1 alpha-2 code such as CN");
	}
	v_string_set(entry, "roles", prefix, 1, 7, required, authorized_role_valid,
	             "must be one of: licensee, manufacturer, importer, exporter, consignor, consignee, distributor",
	             errs);
	v_string(entry, "goods_scope", prefix, 1, 4000, V_OPTIONAL, true, errs);
	v_string_set(entry, "hs_codes", prefix, 0, 100, V_OPTIONAL, is_hs_prefix,
	             "must be an HS code or a prefix of one: 2 to 10 digits", errs);
	v_string_set(entry, "ports", prefix, 0, 50, V_OPTIONAL, text_is_office_code,
	             "must be a customs office or port code: 2 to 16 capital letters and digits", errs);
	ipr_date from = 0, until = 0;
	bool has_from = v_date(entry, "valid_from", prefix, V_OPTIONAL, &from, errs);
	bool has_until = v_date(entry, "valid_until", prefix, V_OPTIONAL, &until, errs);
	if (has_from && has_until && until < from) {
		field_path(path, sizeof path, prefix, "valid_until");
		field_error(errs, path, "must not be before valid_from");
	}
}

/* One entry of a bulk upload as the duplicate check sees it. */
struct period {
	char key[REGISTRATION_KEY_MAX];
	ipr_date from;  /* INT32_MIN: from the start */
	ipr_date until; /* INT32_MAX: open-ended */
	size_t index;
};

static int period_cmp(const void *a, const void *b)
{
	const struct period *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* A date field of an entry, or fallback when absent or null; false when malformed. */
static bool period_date(json_t *entry, const char *key, ipr_date fallback, ipr_date *out)
{
	json_t *v = json_object_get(entry, key);
	*out = fallback;
	return !v || json_is_null(v) || (json_is_string(v) && date_parse(json_string_value(v), out));
}

size_t authorized_users_check_duplicates(json_t *entries, struct field_errors *errs)
{
	size_t n = json_array_size(entries), count = 0;
	struct period *p = xcalloc(n ? n : 1, sizeof *p);
	size_t i;
	json_t *entry;
	json_array_foreach(entries, i, entry) {
		const char *number = json_string_value(json_object_get(entry, "registration_number"));
		struct period *q = &p[count];
		if (!number || !period_date(entry, "valid_from", INT32_MIN, &q->from) ||
		    !period_date(entry, "valid_until", INT32_MAX, &q->until) || q->until < q->from)
			continue;
		registration_key(number, q->key, sizeof q->key);
		q->index = i;
		count++;
	}
	/* Sorted by number and start, two entries of a group overlap when the later-starting one
	 * starts before the other ends. Of two that overlap, the one later in the upload is named
	 * (once). Groups are tiny in practice; a whole upload of one number costs n^2/2 steps. */
	qsort(p, count, sizeof *p, period_cmp);
	bool *named = xcalloc(n ? n : 1, sizeof *named);
	size_t found = 0;
	for (size_t start = 0, end = 0; start < count; start = end) {
		for (end = start + 1; end < count && !strcmp(p[end].key, p[start].key); end++)
			;
		for (size_t j = start; j < end; j++)
			for (size_t k = j + 1; k < end && p[k].from <= p[j].until; k++) {
				size_t later = p[k].index > p[j].index ? p[k].index : p[j].index;
				if (named[later])
					continue;
				char message[96];
				snprintf(message, sizeof message,
				         "overlaps entries[%zu], which has the same registration number",
				         p[k].index + p[j].index - later);
				field_errorf(errs, message, "entries[%zu].registration_number", later);
				named[later] = true;
				found++;
			}
	}
	free(named);
	free(p);
	return found;
}

json_t *authorized_users_check_list(json_t *body, struct field_errors *errs)
{
	static const char *const keys[] = {"entries", NULL};
	v_no_unknown_fields(body, keys, "", errs);
	json_t *entries = v_array(body, "entries", "", 0, AUTHORIZED_USERS_BULK_MAX, V_REQUIRED, errs);
	size_t i;
	json_t *entry;
	json_array_foreach(entries, i, entry) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "entries[%zu]", i);
		if (json_is_object(entry))
			authorized_user_check(entry, prefix, true, errs);
		else
			field_error(errs, prefix, "must be an object");
	}
	authorized_users_check_duplicates(entries, errs);
	return entries;
}
