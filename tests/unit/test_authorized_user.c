/* Authorized users' pure rules: roles, states, registration keys, entry fields, and the
 * duplicates of a bulk upload. */
#include "check.h"

#include "domain/authorized_user.h"

static size_t count(const struct field_errors *errs)
{
	return json_array_size(errs->list);
}

/* True when errs names field (with any message). */
static bool names(const struct field_errors *errs, const char *field)
{
	size_t i;
	json_t *e;
	json_array_foreach(errs->list, i, e)
		if (!strcmp(json_string_value(json_object_get(e, "field")), field))
			return true;
	return false;
}

static void test_roles_and_states(void)
{
	CHECK(authorized_role_valid("licensee"));
	CHECK(authorized_role_valid("distributor"));
	CHECK(!authorized_role_valid("Licensee"));
	CHECK(!authorized_role_valid(""));
	CHECK(!authorized_role_valid(NULL));
	CHECK(authorized_users_may_change(RECORDATION_DRAFT));
	CHECK(authorized_users_may_change(RECORDATION_SUBMITTED));
	CHECK(authorized_users_may_change(RECORDATION_INFORMATION_REQUESTED));
	CHECK(authorized_users_may_change(RECORDATION_APPROVED));
	CHECK(authorized_users_may_change(RECORDATION_REJECTED));
	CHECK(!authorized_users_may_change(RECORDATION_WITHDRAWN));
	CHECK(!authorized_users_may_change(RECORDATION_REVOKED));
	CHECK(!authorized_users_may_change(RECORDATION_CANCELLED));
	CHECK(!authorized_users_may_change(RECORDATION_EXPIRED));
}

static void test_registration_key(void)
{
	char out[REGISTRATION_KEY_MAX];
	CHECK_STR(registration_key("  91440300ma5f00001y ", out, sizeof out), "91440300MA5F00001Y");
	CHECK_STR(registration_key("abc DEF", out, sizeof out), "ABC DEF");
	CHECK_STR(registration_key("   ", out, sizeof out), "");
	CHECK_STR(registration_key("é-x", out, sizeof out), "é-X"); /* ASCII only, as COLLATE "C" upper() */
	char small[4];
	CHECK_STR(registration_key("abcdef", small, sizeof small), "ABC");
}

static json_t *entry(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, 0, &err);
	CHECK(v != NULL);
	return v;
}

static void test_entry_fields(void)
{
	struct field_errors errs = {0};
	json_t *good =
		entry("{\"name\":\"Shenzhen Trading\",\"registration_number\":\"91440300MA5F00001Y\","
	              "\"country\":\"CN\",\"roles\":[\"importer\",\"consignee\"],\"hs_codes\":[\"85\",\"851713\"],"
	              "\"ports\":[\"CNSHA\"],\"valid_from\":\"2026-05-01\",\"valid_until\":\"2026-05-01\"}");
	authorized_user_check(good, "", true, &errs);
	CHECK_EQ_INT(count(&errs), 0);
	json_decref(good);

	json_t *bad = entry("{\"name\":\"\",\"country\":\"china\",\"roles\":[\"importer\",\"buyer\",\"importer\"],"
	                    "\"hs_codes\":[\"8\",\"85x\"],\"ports\":[\"cnsha\"],\"valid_from\":\"2026-05-02\","
	                    "\"valid_until\":\"2026-05-01\",\"colour\":\"red\"}");
	authorized_user_check(bad, "entries[4000]", true, &errs);
	CHECK(names(&errs, "entries[4000].name"));
	CHECK(names(&errs, "entries[4000].registration_number"));
	CHECK(names(&errs, "entries[4000].country"));
	CHECK(names(&errs, "entries[4000].roles[1]"));
	CHECK(names(&errs, "entries[4000].roles[2]"));
	CHECK(names(&errs, "entries[4000].hs_codes[0]"));
	CHECK(names(&errs, "entries[4000].hs_codes[1]"));
	CHECK(names(&errs, "entries[4000].ports[0]"));
	CHECK(names(&errs, "entries[4000].valid_until"));
	CHECK(names(&errs, "entries[4000].colour"));
	CHECK_EQ_INT(count(&errs), 10);
	field_errors_clear(&errs);

	/* creation needs the four; a patch needs none, but cannot clear them */
	json_t *empty = entry("{\"roles\":[]}");
	authorized_user_check(empty, "", true, &errs);
	CHECK(names(&errs, "name") && names(&errs, "registration_number") && names(&errs, "country"));
	CHECK(names(&errs, "roles"));
	field_errors_clear(&errs);
	json_decref(empty);
	json_t *patch = entry("{\"goods_scope\":null,\"hs_codes\":null,\"valid_until\":null}");
	authorized_user_check(patch, "", false, &errs);
	CHECK_EQ_INT(count(&errs), 0);
	json_decref(patch);
	json_t *clearing = entry("{\"name\":null,\"roles\":null}");
	authorized_user_check(clearing, "", false, &errs);
	CHECK(names(&errs, "name") && names(&errs, "roles"));
	CHECK_EQ_INT(count(&errs), 2);
	field_errors_clear(&errs);
	json_decref(clearing);
	json_decref(bad);
}

static void test_duplicates(void)
{
	struct field_errors errs = {0};
	json_t *entries = entry(
		"[{\"registration_number\":\"A1\",\"valid_from\":\"2026-01-01\",\"valid_until\":\"2026-06-30\"},"
		" {\"registration_number\":\"a1 \",\"valid_from\":\"2026-07-01\"}," /* after: fine */
		" {\"registration_number\":\"B2\"},"                                /* always */
		" {\"registration_number\":\"B2\",\"valid_from\":\"2030-01-01\",\"valid_until\":\"2030-01-01\"}," /* dup */
		" {\"registration_number\":\"A1\",\"valid_until\":\"2026-01-01\"}," /* touches entry 0 on one day */
		" {\"registration_number\":\"C3\",\"valid_until\":\"2025-01-01\"},"
		" {\"registration_number\":\"C3\",\"valid_from\":\"2025-01-02\"}," /* the day after: fine */
		" {\"registration_number\":\"D4\",\"valid_from\":\"2026-02-01\",\"valid_until\":\"2026-01-01\"}," /* bad */
		" {\"registration_number\":\"D4\"},"
		" 17,"
		" {\"registration_number\":\"E5\",\"valid_from\":\"2026-13-01\"}," /* bad date: skipped */
		" {\"registration_number\":\"E5\"}]");
	CHECK_EQ_INT(authorized_users_check_duplicates(entries, &errs), 2);
	CHECK(names(&errs, "entries[3].registration_number"));
	CHECK(names(&errs, "entries[4].registration_number")); /* the later of the two is named */
	field_errors_clear(&errs);
	json_decref(entries);

	json_t *none = json_array();
	CHECK_EQ_INT(authorized_users_check_duplicates(none, &errs), 0);
	/* one open-ended entry at the end overlaps three: named once */
	json_t *wide =
		entry("[{\"registration_number\":\"X\",\"valid_until\":\"2026-01-01\"},"
	              " {\"registration_number\":\"X\",\"valid_from\":\"2026-01-02\",\"valid_until\":\"2026-12-31\"},"
	              " {\"registration_number\":\"X\",\"valid_from\":\"2027-01-01\"},"
	              " {\"registration_number\":\"X\"}]");
	CHECK_EQ_INT(authorized_users_check_duplicates(wide, &errs), 1);
	CHECK(names(&errs, "entries[3].registration_number"));
	field_errors_clear(&errs);
	json_decref(wide);
	/* every entry that overlaps one before it is named, not only one of a chain */
	json_t *nested =
		entry("[{\"registration_number\":\"Y\",\"valid_from\":\"2026-01-01\",\"valid_until\":\"2026-01-10\"},"
	              " {\"registration_number\":\"Y\",\"valid_from\":\"2026-01-02\",\"valid_until\":\"2026-01-03\"},"
	              " {\"registration_number\":\"Y\"}]");
	CHECK_EQ_INT(authorized_users_check_duplicates(nested, &errs), 2);
	CHECK(names(&errs, "entries[1].registration_number"));
	CHECK(names(&errs, "entries[2].registration_number"));
	field_errors_clear(&errs);
	json_decref(nested);
	CHECK_EQ_INT(authorized_users_check_duplicates(NULL, &errs), 0);
	json_decref(none);
}

int main(void)
{
	test_roles_and_states();
	test_registration_key();
	test_entry_fields();
	test_duplicates();
	return check_summary("authorized_user");
}
