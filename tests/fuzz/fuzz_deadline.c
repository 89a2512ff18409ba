/* A representation's clock set in its text (api/deadline.c over core/json_text.c): whatever
 * the text, nothing is read past its end; when it is a JSON object, the answer is that object
 * with "working_days_left" and "overdue" set (in it, and in its "renewal" when that is an
 * object) and nothing else changed. The text comes from PostgreSQL, not from a client, but a
 * scanner that walks bytes by hand is where an overread hides. */
#include <jansson.h>

#include "api/deadline.h"
#include "fuzz.h"

/* Removes the clock's two members from obj and from its "renewal" object; false when one of
 * them is missing or of the wrong type. */
static bool strip_clock(json_t *obj)
{
	json_t *renewal = json_object_get(obj, "renewal");
	json_t *objs[2] = {obj, json_is_object(renewal) ? renewal : NULL};
	for (int i = 0; i < 2 && objs[i]; i++) {
		json_t *left = json_object_get(objs[i], "working_days_left");
		if (!(json_is_null(left) || json_is_integer(left)) ||
		    !json_is_boolean(json_object_get(objs[i], "overdue")))
			return false;
		json_object_del(objs[i], "working_days_left");
		json_object_del(objs[i], "overdue");
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct calendar *cal;
	if (!cal)
		cal = calendar_new();
	static const char *const submitted[] = {"submitted", NULL};
	static const struct deadline_place places[] = {{NULL, submitted}, {"renewal", submitted}};
	struct deadline_clock c = {cal, 20000};
	char *text = fuzz_string(data, size);
	char *out = deadline_render(text, &c, places, 2);
	json_t *in = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	if (json_is_object(in)) {
		FUZZ_CHECK(out);
		json_t *got = json_loads(out, JSON_REJECT_DUPLICATES, NULL);
		FUZZ_CHECK(json_is_object(got));
		FUZZ_CHECK(strip_clock(got));
		json_t *renewal = json_object_get(in, "renewal");
		json_object_del(in, "working_days_left");
		json_object_del(in, "overdue");
		if (json_is_object(renewal)) {
			json_object_del(renewal, "working_days_left");
			json_object_del(renewal, "overdue");
		}
		FUZZ_CHECK(json_equal(in, got));
		json_decref(got);
	}
	json_decref(in);
	free(out);
	free(text);
	return 0;
}
