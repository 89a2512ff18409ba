/* The printable certificate (api/certificate_page.h). Everything shown comes from the signed
 * credential, escaped; the page has no script, one inline style (allowed by its hash) and the
 * QR code as inline SVG, so that it prints and shows the same with no other request. */
#include "api/certificate_page.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/config.h"
#include "core/jcs.h"
#include "core/qr.h"

static const char style[] =
	"body{margin:0;font:11pt/1.45 system-ui,'Noto Sans','WenQuanYi Micro Hei',sans-serif;color:#111;background:#eee}"
	"main{max-width:190mm;margin:8mm auto;padding:12mm 14mm;background:#fff;border:1px solid #bbb}"
	"header{border-bottom:2px solid #1d3b6a;padding-bottom:4mm;margin-bottom:5mm}"
	".issuer{margin:0;color:#444;font-size:9.5pt}"
	"h1{margin:2mm 0 0;font-size:16pt;color:#1d3b6a}h1 span,dt span,h2 span{display:block;font-weight:normal;"
	"font-size:.85em;color:#444}"
	".number{margin:2mm 0 0;font-size:20pt;font-weight:bold;letter-spacing:.04em}"
	".banner{margin:0 0 5mm;padding:3mm 4mm;border:2px solid #a40000;color:#a40000;font-weight:bold}"
	".current{margin:0 0 5mm;padding:2mm 4mm;border-left:4px solid #1d6a3b;background:#f1f7f3}"
	"dl{display:grid;grid-template-columns:48mm 1fr;gap:2mm 5mm;margin:0}dt{font-weight:bold}dd{margin:0}"
	"table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:1mm 2mm;text-align:left;"
	"font-size:9.5pt}td.n{text-align:right}"
	".verify{display:flex;gap:6mm;margin-top:7mm;padding-top:5mm;border-top:1px solid #bbb;align-items:flex-start}"
	".verify svg{flex:none}h2{margin:0 0 2mm;font-size:12pt}.verify p{margin:0 0 2mm;font-size:9.5pt}"
	".verify dl{grid-template-columns:34mm 1fr;font-size:8.5pt}.verify dd{word-break:break-all}"
	"@media print{body{background:#fff}main{margin:0;border:0;padding:0}}";

static char csp[256];
static pthread_once_t csp_once = PTHREAD_ONCE_INIT;

static void csp_init(void)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	crypto_hash_sha256(hash, (const unsigned char *)style, sizeof style - 1);
	sodium_bin2base64(b64, sizeof b64, hash, sizeof hash, sodium_base64_VARIANT_ORIGINAL);
	snprintf(csp, sizeof csp,
	         "default-src 'none'; style-src 'sha256-%s'; base-uri 'none'; form-action 'none'; "
	         "frame-ancestors 'none'",
	         b64);
}

const char *certificate_page_csp(void)
{
	pthread_once(&csp_once, csp_init);
	return csp;
}

/* The string at a path of keys ("credentialSubject", "holder", "name", NULL), or "". */
static const char *text_at(json_t *v, ...)
{
	va_list ap;
	va_start(ap, v);
	for (const char *key = va_arg(ap, const char *); key && v; key = va_arg(ap, const char *))
		v = json_object_get(v, key);
	va_end(ap);
	return json_is_string(v) ? json_string_value(v) : "";
}

/* A label in both languages, as <dt>. */
static void label(struct buf *b, const char *en, const char *zh)
{
	buf_printf(b, "<dt>%s<span lang=\"zh\">%s</span></dt>", en, zh);
}

static void row(struct buf *b, const char *en, const char *zh, const char *value)
{
	label(b, en, zh);
	buf_printf(b, "<dd>");
	buf_html(b, *value ? value : "—");
	buf_printf(b, "</dd>");
}

/* An organization: name; country; registration number. */
static void organization(struct buf *b, const char *en, const char *zh, json_t *o)
{
	label(b, en, zh);
	buf_printf(b, "<dd>");
	buf_html(b, text_at(o, "name", NULL));
	const char *country = text_at(o, "country", NULL), *reg = text_at(o, "registrationNumber", NULL);
	if (*country) {
		buf_printf(b, " (");
		buf_html(b, country);
		buf_printf(b, ")");
	}
	if (*reg) {
		buf_printf(b, "<br>");
		buf_html(b, reg);
	}
	buf_printf(b, "</dd>");
}

/* A JSON array of strings or integers, comma-separated. */
static void list_row(struct buf *b, const char *en, const char *zh, json_t *a)
{
	label(b, en, zh);
	buf_printf(b, "<dd>");
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		if (i)
			buf_printf(b, ", ");
		if (json_is_integer(v))
			buf_printf(b, "%lld", (long long)json_integer_value(v));
		else if (json_is_string(v))
			buf_html(b, json_string_value(v));
	}
	buf_printf(b, "%s</dd>", json_array_size(a) ? "" : "—");
}

struct word {
	const char *key, *en, *zh;
};

static const struct word right_types[] = {
	{"trademark", "Trademark", "商标"},
	{"copyright", "Copyright", "著作权"},
	{"patent", "Patent", "专利"},
	{"olympic_symbol", "Olympic symbol", "奥林匹克标志"},
	{"world_expo_symbol", "World Expo symbol", "世博会标志"},
	{"import", "Import", "进口"},
	{"export", "Export", "出口"},
	{NULL, NULL, NULL},
};

static const struct word statuses[] = {
	{"approved", "in force", "有效"},     {"confirmed", "in force", "有效"}, {"revoked", "revoked", "已撤销"},
	{"cancelled", "cancelled", "已注销"}, {"expired", "expired", "已过期"},  {NULL, NULL, NULL},
};

static const struct word *word_of(const struct word *w, const char *key)
{
	for (; w->key; w++)
		if (!strcmp(w->key, key))
			return w;
	return NULL;
}

/* A word of the table in both languages ("Trademark 商标"), or the key as it is. */
static void word_row(struct buf *b, const char *en, const char *zh, const struct word *table, const char *key)
{
	const struct word *w = word_of(table, key);
	label(b, en, zh);
	buf_printf(b, "<dd>");
	if (w)
		buf_printf(b, "%s <span lang=\"zh\">%s</span>", w->en, w->zh);
	else
		buf_html(b, key);
	buf_printf(b, "</dd>");
}

static void recordation_rows(struct buf *b, json_t *s)
{
	organization(b, "Rights holder", "权利人", json_object_get(s, "holder"));
	word_row(b, "Right", "知识产权类别", right_types, text_at(s, "right", "type", NULL));
	row(b, "Name of the right", "名称", text_at(s, "right", "title", NULL));
	label(b, "Registration", "注册号 · 注册机关");
	buf_printf(b, "<dd>");
	buf_html(b, text_at(s, "right", "registrationNumber", NULL));
	buf_printf(b, " · ");
	buf_html(b, text_at(s, "right", "registrationAuthority", NULL));
	const char *expires = text_at(s, "right", "expiresOn", NULL);
	if (*expires) {
		buf_printf(b, "<br>until <span lang=\"zh\">有效期至</span> ");
		buf_html(b, expires);
	}
	buf_printf(b, "</dd>");
	row(b, "Goods", "商品范围", text_at(s, "goodsScope", NULL));
	list_row(b, "Nice classes", "尼斯分类", json_object_get(s, "niceClasses"));
	list_row(b, "HS codes", "海关商品编码", json_object_get(s, "hsCodes"));
	label(b, "Recorded", "备案有效期");
	buf_printf(b, "<dd>");
	buf_html(b, text_at(s, "validFrom", NULL));
	buf_printf(b, " – ");
	buf_html(b, text_at(s, "validUntil", NULL));
	buf_printf(b, "</dd>");
}

static void goods_table(struct buf *b, json_t *goods)
{
	label(b, "Goods", "货物");
	buf_printf(b, "<dd><table><thead><tr><th>Description 品名</th><th>HS</th><th>Quantity 数量</th>"
	              "<th>Value 价值</th></tr></thead><tbody>");
	size_t i;
	json_t *line;
	json_array_foreach(goods, i, line) {
		buf_printf(b, "<tr><td>");
		buf_html(b, text_at(line, "description", NULL));
		buf_printf(b, "</td><td>");
		buf_html(b, text_at(line, "hs_code", NULL));
		/* numbers as the credential writes them (RFC 8785: the shortest form, 0.1 as 0.1) */
		char q[JCS_NUMBER_MAX] = "", v[JCS_NUMBER_MAX] = "";
		jcs_number(json_number_value(json_object_get(line, "quantity")), q);
		jcs_number(json_number_value(json_object_get(line, "value")), v);
		buf_printf(b, "</td><td class=\"n\">%s ", q);
		buf_html(b, text_at(line, "unit", NULL));
		buf_printf(b, "</td><td class=\"n\">%s ", v);
		buf_html(b, text_at(line, "currency", NULL));
		buf_printf(b, "</td></tr>");
	}
	buf_printf(b, "</tbody></table></dd>");
}

static void pre_confirmation_rows(struct buf *b, json_t *s)
{
	organization(b, "Importer or exporter", "收发货人", json_object_get(s, "importer"));
	label(b, "Port", "口岸海关");
	buf_printf(b, "<dd>");
	buf_html(b, text_at(s, "port", "name", NULL));
	buf_printf(b, " (");
	buf_html(b, text_at(s, "port", "code", NULL));
	buf_printf(b, ")</dd>");
	word_row(b, "Direction", "进出口", right_types, text_at(s, "direction", NULL));
	row(b, "Recordation", "备案号", text_at(s, "recordationNumber", NULL));
	row(b, "Rights holder", "权利人", text_at(s, "holder", "name", NULL));
	row(b, "Transport document", "运输单证", text_at(s, "transportDocument", NULL));
	goods_table(b, json_object_get(s, "goods"));
	row(b, "Expected on", "预计到达/离境日期", text_at(s, "expectedOn", NULL));
	row(b, "Valid until", "有效期至", text_at(s, "validUntil", NULL));
}

/* The record's standing today: in force, or a banner saying why it no longer is. */
static void standing(struct buf *b, const struct certificate_now *now, const char *valid_until)
{
	const struct word *w = word_of(statuses, now->status);
	bool in_force = !strcmp(now->status, "approved") || !strcmp(now->status, "confirmed");
	if (in_force && *valid_until && strcmp(now->today, valid_until) > 0) {
		buf_printf(b, "<p class=\"banner\">This certificate's period ended on ");
		buf_html(b, valid_until);
		buf_printf(
			b,
			" (a renewal has a certificate of its own). <span lang=\"zh\">本证书有效期已届满。</span></p>");
	} else if (in_force) {
		buf_printf(b, "<p class=\"current\">In force on ");
		buf_html(b, now->today);
		buf_printf(b, " <span lang=\"zh\">截至该日有效</span></p>");
	} else {
		buf_printf(b, "<p class=\"banner\">No longer in force: ");
		if (w)
			buf_printf(b, "%s <span lang=\"zh\">%s</span>", w->en, w->zh);
		else
			buf_html(b, now->status);
		buf_printf(b, " on ");
		buf_html(b, now->today);
		buf_printf(b, "</p>");
	}
}

bool certificate_page(struct buf *out, const char *credential, const struct certificate_now *now)
{
	json_t *c = json_loads(credential, 0, NULL);
	json_t *types = json_object_get(c, "type"), *subject = json_object_get(c, "credentialSubject");
	const char *type = json_string_value(json_array_get(types, 1));
	const char *id = text_at(c, "id", NULL);
	bool recordation = type && !strcmp(type, "RecordationCertificate");
	if (!json_is_object(subject) || !type || (!recordation && strcmp(type, "PreConfirmationCertificate")) ||
	    strncmp(id, "urn:uuid:", 9)) {
		json_decref(c);
		return false;
	}
	const char *number = text_at(subject, recordation ? "recordationNumber" : "confirmationNumber", NULL);
	const char *title_en = recordation ? "Customs recordation of an intellectual property right"
	                                   : "Customs pre-confirmation of a shipment under a recorded right";
	const char *title_zh = recordation ? "知识产权海关保护备案证书" : "进出口货物知识产权预先确认书";
	buf_printf(out, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
	                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
	buf_html(out, number);
	buf_printf(out, " — %s</title><style>%s</style></head><body><main><header><p class=\"issuer\">", title_en,
	           style);
	buf_html(out, text_at(c, "issuer", "name", NULL));
	buf_printf(out, " · ");
	buf_html(out, text_at(c, "issuer", "id", NULL));
	buf_printf(out, "</p><h1>%s<span lang=\"zh\">%s</span></h1><p class=\"number\">", title_en, title_zh);
	buf_html(out, number);
	buf_printf(out, "</p></header>");
	standing(out, now, text_at(subject, "validUntil", NULL));
	buf_printf(out, "<dl>");
	if (recordation)
		recordation_rows(out, subject);
	else
		pre_confirmation_rows(out, subject);
	if (recordation) {
		label(out, "Issued by", "签发海关");
		buf_printf(out, "<dd>");
		buf_html(out, text_at(subject, "issuingOffice", "name", NULL));
		buf_printf(out, "</dd>");
	}
	buf_printf(out, "</dl>");

	/* the QR code: where anyone fetches this credential to check it */
	size_t base = strlen(cfg.public_url);
	while (base && cfg.public_url[base - 1] == '/')
		base--;
	struct buf url = {0}, keys = {0};
	buf_append(&url, cfg.public_url, base);
	buf_printf(&url, "/v1/certificates/%s", id + 9);
	buf_append(&keys, cfg.public_url, base);
	buf_printf(&keys, "/.well-known/did.json");
	buf_printf(out, "<section class=\"verify\">");
	qr_svg(out, url.data, 38, url.data);
	buf_printf(out, "<div><h2>Verify this certificate<span lang=\"zh\">核验本证书</span></h2><p>The QR code is the "
	                "address of the signed credential: <a href=\"");
	buf_html(out, url.data);
	buf_printf(out, "\">");
	buf_html(out, url.data);
	buf_printf(out, "</a>. It is a W3C Verifiable Credential signed by the registry (Data Integrity, "
	                "eddsa-jcs-2022): check it with <code>iprd verify</code> or any verifier, with the keys "
	                "published at <code>");
	buf_html(out, keys.data);
	buf_printf(out, "</code> (the DID document of ");
	buf_html(out, text_at(c, "issuer", "id", NULL));
	buf_printf(out, "). This printout proves nothing by itself; the credential does.</p><dl>");
	row(out, "Credential", "凭证编号", id);
	row(out, "Signed by key", "签名密钥", text_at(c, "proof", "verificationMethod", NULL));
	row(out, "Signed at", "签名时间", text_at(c, "proof", "created", NULL));
	row(out, "Status list", "状态列表", text_at(c, "credentialStatus", "id", NULL));
	buf_printf(out, "</dl></div></section></main></body></html>");
	buf_free(&url);
	buf_free(&keys);
	json_decref(c);
	return true;
}
