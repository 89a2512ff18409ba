/* Log lines: what a client sends (a path, a header) is escaped before it is written
 * (log_escape). The line must be printable UTF-8, and unescaping it must give back the start
 * of the input: nothing lost, nothing forged. */
#include "core/log.h"
#include "core/util.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	size_t cap = size % 97 + 1; /* small buffers too: the cut must fall between characters */
	char *out = malloc(4 * size + 8);
	char small[98];
	size_t n = log_escape(text, out, 4 * size + 8);
	FUZZ_CHECK(n == strlen(out));
	FUZZ_CHECK(log_escape(text, small, cap) < cap);
	FUZZ_CHECK(!strncmp(small, out, strlen(small)));

	const unsigned char *p = (const unsigned char *)out;
	size_t back = 0;
	while (*p) {
		const unsigned char *start = p;
		uint32_t c = 0;
		FUZZ_CHECK(utf8_next(&p, &c));
		FUZZ_CHECK(c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F));
		if (c == '\\') {
			unsigned byte = 0;
			FUZZ_CHECK(p[0] == 'x' && sscanf((const char *)p + 1, "%2X", &byte) == 1);
			FUZZ_CHECK((unsigned char)text[back] == byte);
			back++;
			p += 3;
		} else {
			FUZZ_CHECK(!memcmp(text + back, start, (size_t)(p - start)));
			back += (size_t)(p - start);
		}
	}
	FUZZ_CHECK(back == strlen(text)); /* the buffer was large enough for all of it */
	free(out);
	free(text);
	return 0;
}
