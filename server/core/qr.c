/* QR codes as SVG: libqrencode chooses the version and computes the modules (bit 0 of each
 * byte: dark); here they are drawn as one path, a run of dark modules of a row as one
 * rectangle, so that the element stays small (a version 10 code is a few kilobytes). */
#include "core/qr.h"

#include <qrencode.h>

#define QUIET 4 /* the quiet zone the standard asks for, in modules */

bool qr_svg(struct buf *out, const char *text, int size_mm, const char *label)
{
	QRcode *qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!qr)
		return false;
	int n = qr->width, side = n + 2 * QUIET;
	buf_printf(out,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%dmm\" height=\"%dmm\" "
	           "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"",
	           side, side, size_mm, size_mm);
	buf_html(out, label);
	buf_printf(out, "\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"", side, side);
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n;) {
			if (!(qr->data[y * n + x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < n && (qr->data[y * n + x + run] & 1))
				run++;
			buf_printf(out, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
			x += run;
		}
	buf_printf(out, "\"/></svg>");
	QRcode_free(qr);
	return true;
}
