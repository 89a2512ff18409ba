/* QR codes (ISO/IEC 18004) as SVG, drawn from libqrencode's modules. */
#ifndef IPR_CORE_QR_H
#define IPR_CORE_QR_H

#include "core/util.h"

/* Appends an <svg> element of text as a QR code (8-bit mode, error correction level M, the
 * smallest version that holds it, a quiet zone of 4 modules), size_mm wide, labelled for
 * screen readers with label. false (nothing appended) when text does not fit a QR code. */
bool qr_svg(struct buf *out, const char *text, int size_mm, const char *label);

#endif
