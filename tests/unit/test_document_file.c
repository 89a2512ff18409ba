/* Supporting documents' files: type sniffing, declared types, file names in and out. */
#include "check.h"

#include "domain/document_file.h"

static enum document_type sniff(const char *bytes, size_t len)
{
	return document_type_sniff((const unsigned char *)bytes, len);
}

static void test_sniff(void)
{
	CHECK_EQ_INT(sniff("%PDF-1.7\n%\xE2\xE3\xCF\xD3", 14), DOCUMENT_PDF);
	CHECK_EQ_INT(sniff("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10), DOCUMENT_JPEG);
	CHECK_EQ_INT(sniff("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16), DOCUMENT_PNG);
	CHECK_EQ_INT(sniff("RIFF\x24\x00\x00\x00WEBPVP8 ", 16), DOCUMENT_WEBP);

	/* A renamed executable, other formats, truncated signatures, nothing at all. */
	CHECK_EQ_INT(sniff("\x7F"
	                   "ELF\x02\x01\x01\x00",
	                   8),
	             DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(sniff("MZ\x90\x00\x03\x00", 6), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(sniff("GIF89a\x01\x00", 8), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(sniff("RIFF\x24\x00\x00\x00WAVEfmt ", 16), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(sniff("PK\x03\x04", 4), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(sniff("%PDF", 4), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(sniff("\xFF\xD8", 2), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(sniff("\x89PNG\r\n\x1A", 7), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(sniff("RIFF\x24\x00\x00\x00WEB", 11), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(sniff(" %PDF-1.4", 9), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(sniff("", 0), DOCUMENT_TYPE_NONE);
}

static void test_declared(void)
{
	CHECK_EQ_INT(document_type_of_media("application/pdf"), DOCUMENT_PDF);
	CHECK_EQ_INT(document_type_of_media("Application/PDF"), DOCUMENT_PDF);
	CHECK_EQ_INT(document_type_of_media(" image/jpeg ; name=x.jpg"), DOCUMENT_JPEG);
	CHECK_EQ_INT(document_type_of_media("image/png;charset=binary"), DOCUMENT_PNG);
	CHECK_EQ_INT(document_type_of_media("image/webp"), DOCUMENT_WEBP);
	CHECK_EQ_INT(document_type_of_media("application/pdfx"), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(document_type_of_media("application/pdf x"), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(document_type_of_media("image/jpg"), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(document_type_of_media("application/octet-stream"), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(document_type_of_media("application/x-executable"), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(document_type_of_media(""), DOCUMENT_TYPE_NONE);
	CHECK_EQ_INT(document_type_of_media(NULL), DOCUMENT_TYPE_NONE);
	CHECK_STR(document_type_media(DOCUMENT_WEBP), "image/webp");
	CHECK_STR(document_type_extension(DOCUMENT_JPEG), "jpg");
	CHECK(document_type_media(DOCUMENT_TYPE_NONE) == NULL);
	for (int t = DOCUMENT_PDF; t <= DOCUMENT_WEBP; t++)
		CHECK_EQ_INT(document_type_of_media(document_type_media((enum document_type)t)), t);
}

static void test_filename_valid(void)
{
	char longest[DOCUMENT_FILENAME_MAX * 3 + 2] = "";
	for (int i = 0; i < DOCUMENT_FILENAME_MAX; i++)
		strcat(longest, "\xE8\xAF\x81"); /* 证: 200 characters, 600 bytes */
	CHECK(document_filename_valid("certificate.pdf"));
	CHECK(document_filename_valid("商标注册证 (2026).pdf"));
	CHECK(document_filename_valid(".hidden"));
	CHECK(document_filename_valid(longest));
	strcat(longest, "a");
	CHECK(!document_filename_valid(longest));

	CHECK(!document_filename_valid(""));
	CHECK(!document_filename_valid("   "));
	CHECK(!document_filename_valid("."));
	CHECK(!document_filename_valid(".."));
	CHECK(!document_filename_valid("../etc/passwd"));
	CHECK(!document_filename_valid("dir/file.pdf"));
	CHECK(!document_filename_valid("C:\\Users\\file.pdf"));
	CHECK(!document_filename_valid("line\nbreak.pdf"));
	CHECK(!document_filename_valid("tab\t.pdf"));
	CHECK(!document_filename_valid("del\x7F.pdf"));
	CHECK(!document_filename_valid("c1\xC2\x85.pdf")); /* U+0085 */
	CHECK(!document_filename_valid("invoice\xE2\x80\xAE"
	                               "fdp.exe")); /* U+202E */
	CHECK(!document_filename_valid("\xEF\xBB\xBF"
	                               "bom.pdf")); /* U+FEFF */
	CHECK(!document_filename_valid("bad\xFF.pdf"));
	CHECK(!document_filename_valid("overlong\xC0\xAF.pdf"));
	CHECK(!document_filename_valid("surrogate\xED\xA0\x80.pdf"));
	CHECK(!document_filename_valid("truncated\xE8\xAF"));
	CHECK(!document_filename_valid(NULL));
}

static void test_disposition_in(void)
{
	static const struct {
		const char *header, *name; /* name NULL: no file name in it */
	} cases[] = {
		{"attachment; filename=\"certificate.pdf\"", "certificate.pdf"},
		{"attachment; filename=plain.pdf", "plain.pdf"},
		{"inline;FILENAME = \"a \\\"quoted\\\" name.png\" ", "a \"quoted\" name.png"},
		/* filename* wins, in either order */
		{"attachment; filename*=UTF-8''%E5%95%86%E6%A0%87.pdf; filename=\"fallback.pdf\"",
	         "\xE5\x95\x86\xE6\xA0\x87.pdf"},
		{"attachment; filename=\"fallback.pdf\"; filename*=utf-8'zh'%E5%95%86.pdf", "\xE5\x95\x86.pdf"},
		{"attachment; filename*=ISO-8859-1''na%EFve.pdf", "na\xC3\xAFve.pdf"},
		/* an unknown charset or a bad escape falls back to filename */
		{"attachment; filename*=KOI8-R''x.pdf; filename=y.pdf", "y.pdf"},
		{"attachment; filename*=UTF-8''%G1.pdf; filename=z.pdf", "z.pdf"},
		/* directories are dropped */
		{"attachment; filename=\"/tmp/x/scan.jpg\"", "scan.jpg"},
		{"attachment; filename*=UTF-8''..%2F..%5Cwin.ini", "win.ini"},
		{"attachment", NULL},
		{"attachment; size=10", NULL},
		{"attachment; filename=\"unterminated", NULL},
		{"attachment; filename", NULL},
		{"attachment; filename=\"dir/\"", NULL},
		{"attachment; filename*=UTF-8''a%00b", NULL},
		{NULL, NULL},
	};
	char out[512];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bool found = document_disposition_filename(cases[i].header, out, sizeof out);
		CHECK(found == (cases[i].name != NULL));
		if (found && cases[i].name)
			CHECK_STR(out, cases[i].name);
	}
	CHECK(!document_disposition_filename("attachment; filename=\"0123456789\"", out, 8));
	char huge[DOCUMENT_DISPOSITION_MAX + 40] = "attachment; filename=";
	while (strlen(huge) < DOCUMENT_DISPOSITION_MAX + 1)
		strcat(huge, "x");
	CHECK(!document_disposition_filename(huge, out, sizeof out));
}

static void test_disposition_out(void)
{
	char out[DOCUMENT_DISPOSITION_OUT];
	document_disposition_format("certificate.pdf", out, sizeof out);
	CHECK_STR(out, "attachment; filename=\"certificate.pdf\"; filename*=UTF-8''certificate.pdf");
	document_disposition_format("商标 \"A\" 100%.pdf", out, sizeof out);
	CHECK_STR(out, "attachment; filename=\"__ _A_ 100_.pdf\"; "
	               "filename*=UTF-8''%E5%95%86%E6%A0%87%20%22A%22%20100%25.pdf");
	char longest[DOCUMENT_FILENAME_MAX * 4 + 1] = "";
	for (int i = 0; i < DOCUMENT_FILENAME_MAX; i++)
		strcat(longest, "\xF0\x9F\x93\x84"); /* U+1F4C4, 4 bytes each */
	CHECK(document_filename_valid(longest));
	document_disposition_format(longest, out, sizeof out);
	size_t n = strlen(out);
	CHECK(n > 3 && !strcmp(out + n - 3, "%84"));
}

int main(void)
{
	test_sniff();
	test_declared();
	test_filename_valid();
	test_disposition_in();
	test_disposition_out();
	return check_summary("document_file");
}
