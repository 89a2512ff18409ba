#include "http/console.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/log.h"
#include "core/util.h"
#include "http/response.h"

/* What the console may hold in memory: the build is a few hundred KB. */
#define CONSOLE_MAX_FILES 4096
#define CONSOLE_MAX_BYTES (64L * 1024 * 1024)

/* A header value of every HTML answer. No inline script or style, nothing from another host;
 * blob: lets a screen show a document it fetched with the token (PDF in a frame, an image). */
static const char html_policy[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
				  "img-src 'self' data: blob:; frame-src 'self' blob:; connect-src 'self'; "
				  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
				  "frame-ancestors 'none'";

struct variant {
	char *data;
	size_t len;
	char etag[RESPONSE_ETAG_LEN]; /* "<32 hex of the content's hash><suffix>" */
};

struct console_file {
	char *name; /* the URL path: "/index.html", "/assets/app-5XQ2.js" */
	const char *type;
	bool immutable;           /* under /assets/: the build names those files after their content */
	struct variant plain, gz; /* gz.data NULL when there is no .gz variant */
};

static struct console_file *files;
static size_t nfiles;
static long total_bytes;
static char root[PATH_MAX];
static const struct console_file *index_html;

static const char *content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".json", "application/json"},
		{".map", "application/json"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".jpg", "image/jpeg"},
		{".webp", "image/webp"},
		{".ico", "image/x-icon"},
		{".woff2", "font/woff2"},
		{".txt", "text/plain; charset=utf-8"},
		{".webmanifest", "application/manifest+json"},
		{".gz", "application/gzip"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

static void variant_set(struct variant *v, char *data, size_t len, const char *suffix)
{
	v->data = data;
	v->len = len;
	response_etag_of(data, len, suffix, v->etag);
}

/* A path with a segment that starts with a dot (., .., hidden files) is never served. */
static bool has_dot_segment(const char *path)
{
	return strstr(path, "/.") != NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct console_file *)a)->name, ((const struct console_file *)b)->name);
}

static int name_vs_file(const void *name, const void *file)
{
	return strcmp(name, ((const struct console_file *)file)->name);
}

static struct console_file *lookup(const char *name)
{
	return nfiles ? bsearch(name, files, nfiles, sizeof *files, name_vs_file) : NULL;
}

static int index_entry(const char *fpath, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)ftw;
	const char *rel = fpath + strlen(root);
	if (*rel && has_dot_segment(rel))
		return flag == FTW_D ? FTW_SKIP_SUBTREE : FTW_CONTINUE;
	struct stat st = *sb;
	char real[PATH_MAX];
	const char *source = fpath;
	if (flag == FTW_SL) {
		/* A link is served only when what it names is a regular file inside the root. */
		size_t rl = strlen(root);
		if (!realpath(fpath, real) || strncmp(real, root, rl) != 0 || real[rl] != '/' || stat(real, &st) != 0) {
			log_warn("IPR_CONSOLE_DIR: %s leads out of %s or nowhere; not served", fpath, root);
			return FTW_CONTINUE;
		}
		source = real;
	} else if (flag != FTW_F) {
		return FTW_CONTINUE;
	}
	if (!S_ISREG(st.st_mode))
		return FTW_CONTINUE;
	if (nfiles == CONSOLE_MAX_FILES || total_bytes + st.st_size > CONSOLE_MAX_BYTES) {
		log_error("IPR_CONSOLE_DIR: more than %d files or %ld bytes in %s", CONSOLE_MAX_FILES,
		          CONSOLE_MAX_BYTES, root);
		return FTW_STOP;
	}
	size_t len = 0;
	char *data = file_read(source, &len);
	if (!data) {
		log_warn("IPR_CONSOLE_DIR: cannot read %s; not served", fpath);
		return FTW_CONTINUE;
	}
	total_bytes += (long)len;
	struct console_file *f = &files[nfiles++];
	memset(f, 0, sizeof *f);
	f->name = xstrdup(rel);
	f->type = content_type(rel);
	f->immutable = strncmp(rel, "/assets/", 8) == 0;
	variant_set(&f->plain, data, len, "");
	return FTW_CONTINUE;
}

/* Attaches each "name.gz" to "name" when both exist; the variant is then not served alone. */
static void pair_gzip_variants(void)
{
	size_t kept = 0;
	for (size_t i = 0; i < nfiles; i++) {
		struct console_file *f = &files[i];
		size_t n = strlen(f->name);
		if (n <= 3 || strcmp(f->name + n - 3, ".gz") != 0)
			continue;
		char *base_name = xstrndup(f->name, n - 3);
		struct console_file *base = lookup(base_name);
		free(base_name);
		if (base) {
			variant_set(&base->gz, f->plain.data, f->plain.len, "-gz");
			f->plain.data = NULL; /* moved; f is dropped below */
		}
	}
	for (size_t i = 0; i < nfiles; i++) {
		if (files[i].plain.data)
			files[kept++] = files[i];
		else
			free(files[i].name);
	}
	nfiles = kept;
}

int console_init(const char *dir)
{
	if (!realpath(dir, root)) {
		log_warn("IPR_CONSOLE_DIR: %s: %s; the console will answer 404 (scripts/build-console builds it)", dir,
		         strerror(errno));
		return 0;
	}
	files = xcalloc(CONSOLE_MAX_FILES, sizeof *files);
	int rc = nftw(root, index_entry, 16, FTW_PHYS | FTW_ACTIONRETVAL);
	if (rc == FTW_STOP) {
		console_free();
		return -1;
	}
	qsort(files, nfiles, sizeof *files, by_name); /* sorted before pairing: lookup is a bsearch */
	pair_gzip_variants();
	index_html = lookup("/index.html");
	if (!index_html)
		log_warn("IPR_CONSOLE_DIR: no index.html in %s; the console will answer 404", root);
	log_info("console: %zu files, %ld bytes, from %s", nfiles, total_bytes, root);
	return 0;
}

void console_free(void)
{
	for (size_t i = 0; i < nfiles; i++) {
		free(files[i].name);
		free(files[i].plain.data);
		free(files[i].gz.data);
	}
	free(files);
	files = NULL;
	nfiles = 0;
	total_bytes = 0;
	index_html = NULL;
}

bool console_claims(const char *method, const char *path)
{
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return false;
	return strcmp(path, "/v1") != 0 && strncmp(path, "/v1/", 4) != 0;
}

/* Whether an Accept-Encoding header accepts gzip: "gzip", "x-gzip" or "*", not with q=0. */
static bool accepts_gzip(const char *header)
{
	for (const char *p = header; p && *p;) {
		p += strspn(p, " \t,");
		size_t tok = strcspn(p, " \t;,");
		bool named = (tok == 4 && !strncasecmp(p, "gzip", 4)) || (tok == 6 && !strncasecmp(p, "x-gzip", 6)) ||
		             (tok == 1 && *p == '*');
		const char *end = p + strcspn(p, ",");
		const char *q = strstr(p, "q=");
		bool refused = q && q < end && strtod(q + 2, NULL) == 0.0;
		if (named && !refused)
			return true;
		p = end;
	}
	return false;
}

void console_serve(struct request *req, const char *path)
{
	const struct console_file *f = has_dot_segment(path) ? NULL : lookup(strcmp(path, "/") ? path : "/index.html");
	const char *last = strrchr(path, '/');
	if (!f && !has_dot_segment(path) && !strchr(last ? last : path, '.'))
		f = index_html; /* a client-side route (/login, /recordations/…): the application decides */
	if (!f) {
		if (!index_html)
			respond_problem(req, 404,
			                "no resource at %s (the web console is not installed: IPR_CONSOLE_DIR)", path);
		else
			respond_problem(req, 404, "no resource at %s", path);
		return;
	}
	bool gz = f->gz.data && accepts_gzip(request_header(req, MHD_HTTP_HEADER_ACCEPT_ENCODING));
	const struct variant *v = gz ? &f->gz : &f->plain;
	if (request_has_etag(req, v->etag))
		respond_empty(req, 304);
	else
		respond_static(req, 200, f->type, v->data, v->len);
	response_header(req, MHD_HTTP_HEADER_ETAG, v->etag);
	response_header(req, MHD_HTTP_HEADER_CACHE_CONTROL,
	                f->immutable ? "public, max-age=31536000, immutable" : "no-cache");
	if (f->gz.data)
		response_header(req, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	if (gz && req->status == 200)
		response_header(req, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	if (!strncmp(f->type, "text/html", 9)) { /* the other files get response_finish's policy */
		response_header(req, RESPONSE_CSP, html_policy);
		response_header(req, "X-Frame-Options", "DENY");
	}
}
