/* Query strings and cursors: "limit\ncursor\nfilter text". A cursor the parser accepts must
 * name a UUID, and a cursor this server makes (respond_page's encoding) must read back. The
 * filter text is also read as a date (from, to, start): one that is accepted is written back
 * the same. */
#include <sodium.h>

#include "api/paging.h"
#include "core/date.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *limit = fuzz_string(data, size);
	char *cursor = fuzz_split(limit);
	char *text = fuzz_split(cursor);

	struct field_errors errs = {0};
	struct page p;
	page_parse_text(*limit ? limit : NULL, *cursor ? cursor : NULL, &p, &errs);
	FUZZ_CHECK(p.limit >= 1 && p.limit <= PAGE_MAX);
	if (!field_errors_any(&errs) && p.after_key) {
		FUZZ_CHECK(uuid_valid(p.after_id));
		FUZZ_CHECK(!strchr(p.after_key, '\x1f'));
	}
	field_errors_clear(&errs);

	/* the round trip of a cursor made from a sort key (the text) and an id */
	if (text_is_plain(text, 200) && !strchr(text, '\x1f')) {
		char raw[512];
		int n = snprintf(raw, sizeof raw, "%s\x1f%s", text, "0b5d3c52-8f0e-4d61-9a55-2f0f7e0c2a10");
		if (n > 0 && (size_t)n < sizeof raw - 1) {
			char enc[sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
			sodium_bin2base64(enc, sizeof enc, (const unsigned char *)raw, (size_t)n,
			                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
			page_parse_text(NULL, enc, &p, &errs);
			FUZZ_CHECK(!field_errors_any(&errs));
			FUZZ_CHECK(!strcmp(p.after_key, text));
			field_errors_clear(&errs);
		}
	}
	ipr_date d;
	if (date_parse(text, &d)) {
		char back[DATE_TEXT_LEN];
		FUZZ_CHECK(!strcmp(date_format(d, back), text));
		FUZZ_CHECK(date_add_years(d, 3) > d && date_weekday(d) >= 1 && date_weekday(d) <= 7);
	}
	free(limit);
	return 0;
}
