/* Uploads: type sniffing of the leading bytes, the declared Content-Type, and the file name
 * of a Content-Disposition header. Input: "Content-Type\nContent-Disposition\nfile bytes".
 * A name that is read and valid must come back from the download's header unchanged. */
#include "domain/document_file.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum document_type sniffed = document_type_sniff(data, size);
	FUZZ_CHECK(sniffed >= DOCUMENT_TYPE_NONE && sniffed <= DOCUMENT_WEBP);
	FUZZ_CHECK((sniffed == DOCUMENT_TYPE_NONE) == (document_type_media(sniffed) == NULL));
	if (size > DOCUMENT_SNIFF_BYTES)
		FUZZ_CHECK(document_type_sniff(data, DOCUMENT_SNIFF_BYTES) == sniffed);

	char *content_type = fuzz_string(data, size);
	char *disposition = fuzz_split(content_type);
	enum document_type declared = document_type_of_media(content_type);
	FUZZ_CHECK(declared >= DOCUMENT_TYPE_NONE && declared <= DOCUMENT_WEBP);

	char name[DOCUMENT_DISPOSITION_MAX + 1];
	if (document_disposition_filename(disposition, name, sizeof name) && document_filename_valid(name)) {
		char header[DOCUMENT_DISPOSITION_OUT];
		document_disposition_format(name, header, sizeof header);
		FUZZ_CHECK(strlen(header) < sizeof header - 1);
		char back[DOCUMENT_DISPOSITION_MAX + 1];
		if (strlen(header) <= DOCUMENT_DISPOSITION_MAX) {
			FUZZ_CHECK(document_disposition_filename(header, back, sizeof back));
			FUZZ_CHECK(!strcmp(back, name));
		}
		for (const char *c = header; *c; c++) /* a header value: printable ASCII only */
			FUZZ_CHECK(*c >= 0x20 && *c < 0x7F);
	}
	free(content_type);
	return 0;
}
