/*
 * alphabet.c - letters and digits to the Unicode Mathematical
 * Alphanumeric Symbols (U+1D400..U+1D7FF), the way unicode-math maps them
 * with its default math-style=TeX: Latin letters and lowercase Greek
 * italic, uppercase Greek and digits upright, \partial italic, \nabla
 * upright. The holes of that block are the older characters of
 * Letterlike Symbols (U+2100..U+214F): italic h is U+210E, script B
 * U+212C, fraktur C U+212D, double-struck R U+211D ... (Unicode's
 * Mathematical Alphanumeric Symbols chart, "reserved" entries).
 */
#include "math/internal.h"

/* Latin alphabets: the capital A of each (lowercase a follows 26 later). */
enum {
	LAT_BF = 0x1D400, LAT_IT = 0x1D434, LAT_BFIT = 0x1D468, LAT_SCR = 0x1D49C, LAT_FRAK = 0x1D504,
	LAT_BB = 0x1D538, LAT_SF = 0x1D5A0, LAT_SFBF = 0x1D5D4, LAT_TT = 0x1D670,
};
/* Greek alphabets: capital Alpha; nabla at +25, small alpha at +26,
 * partial at +51, then the variants epsilon theta kappa phi rho pi. */
enum { GR_BF = 0x1D6A8, GR_IT = 0x1D6E2, GR_BFIT = 0x1D71C, GR_SFBF = 0x1D756 };
/* Digits: zero. */
enum { DIG_BF = 0x1D7CE, DIG_BB = 0x1D7D8, DIG_SF = 0x1D7E2, DIG_SFBF = 0x1D7EC, DIG_TT = 0x1D7F6 };

/* The holes, by alphabet and letter. */
static uint32_t hole(uint32_t base, uint32_t c)
{
	if (base == LAT_IT && c == 'h')
		return 0x210E;
	if (base == LAT_SCR) {
		switch (c) {
		case 'B': return 0x212C;
		case 'E': return 0x2130;
		case 'F': return 0x2131;
		case 'H': return 0x210B;
		case 'I': return 0x2110;
		case 'L': return 0x2112;
		case 'M': return 0x2133;
		case 'R': return 0x211B;
		case 'e': return 0x212F;
		case 'g': return 0x210A;
		case 'o': return 0x2134;
		}
	}
	if (base == LAT_FRAK) {
		switch (c) {
		case 'C': return 0x212D;
		case 'H': return 0x210C;
		case 'I': return 0x2111;
		case 'R': return 0x211C;
		case 'Z': return 0x2128;
		}
	}
	if (base == LAT_BB) {
		switch (c) {
		case 'C': return 0x2102;
		case 'H': return 0x210D;
		case 'N': return 0x2115;
		case 'P': return 0x2119;
		case 'Q': return 0x211A;
		case 'R': return 0x211D;
		case 'Z': return 0x2124;
		}
	}
	return 0;
}

static uint32_t latin(uint32_t cp, uint32_t base)
{
	uint32_t h = hole(base, cp);
	if (h)
		return h;
	return cp <= 'Z' ? base + (cp - 'A') : base + 26 + (cp - 'a');
}

/* Index of a Greek character in the 58 of a Greek alphabet, or -1. */
static int greek_index(uint32_t cp)
{
	if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
		return (int)(cp - 0x391);
	if (cp == 0x3F4) /* capital theta symbol: in the hole after Rho */
		return 17;
	if (cp >= 0x3B1 && cp <= 0x3C9)
		return 26 + (int)(cp - 0x3B1);
	switch (cp) {
	case 0x2207: return 25; /* nabla */
	case 0x2202: return 51; /* partial */
	case 0x3F5: return 52;  /* lunate epsilon */
	case 0x3D1: return 53;  /* theta symbol */
	case 0x3F0: return 54;  /* kappa symbol */
	case 0x3D5: return 55;  /* phi symbol */
	case 0x3F1: return 56;  /* rho symbol */
	case 0x3D6: return 57;  /* pi symbol */
	}
	return -1;
}

static bool greek_upper(int i) { return i >= 0 && i < 25; }

uint32_t ov_math_alpha(uint32_t cp, int font)
{
	bool is_latin = (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
	bool is_digit = cp >= '0' && cp <= '9';
	int g = greek_index(cp);
	if (cp == 0x131 || cp == 0x237) { /* dotless i and j: italic ones only */
		if (font == OV_MFONT_DEFAULT || font == OV_MFONT_IT)
			return cp == 0x131 ? 0x1D6A4 : 0x1D6A5;
		return cp;
	}
	if (cp == 0x3DC || cp == 0x3DD) { /* digamma: bold only */
		if (font == OV_MFONT_BF)
			return cp == 0x3DC ? 0x1D7CA : 0x1D7CB;
		return cp;
	}
	if (!is_latin && !is_digit && g < 0)
		return cp;
	switch (font) {
	case OV_MFONT_DEFAULT:
		if (is_latin)
			return latin(cp, LAT_IT);
		if (g >= 0 && !greek_upper(g) && g != 25)
			return GR_IT + (uint32_t)g;
		return cp;
	case OV_MFONT_RM:
		return cp;
	case OV_MFONT_IT:
		if (is_latin)
			return latin(cp, LAT_IT);
		if (g >= 0)
			return GR_IT + (uint32_t)g;
		return cp;
	case OV_MFONT_BF:
		if (is_latin)
			return latin(cp, LAT_BF);
		if (is_digit)
			return DIG_BF + (cp - '0');
		return GR_BF + (uint32_t)g;
	case OV_MFONT_BFIT:
		if (is_latin)
			return latin(cp, LAT_BFIT);
		if (is_digit)
			return DIG_BF + (cp - '0');
		return GR_BFIT + (uint32_t)g;
	case OV_MFONT_BOLDSYM:
		if (is_latin)
			return latin(cp, LAT_BFIT);
		if (is_digit)
			return DIG_BF + (cp - '0');
		return (greek_upper(g) || g == 25 ? GR_BF : GR_BFIT) + (uint32_t)g;
	case OV_MFONT_SF:
		if (is_latin)
			return latin(cp, LAT_SF);
		if (is_digit)
			return DIG_SF + (cp - '0');
		return cp;
	case OV_MFONT_SFBF:
		if (is_latin)
			return latin(cp, LAT_SFBF);
		if (is_digit)
			return DIG_SFBF + (cp - '0');
		return GR_SFBF + (uint32_t)g;
	case OV_MFONT_TT:
		if (is_latin)
			return latin(cp, LAT_TT);
		if (is_digit)
			return DIG_TT + (cp - '0');
		break;
	case OV_MFONT_BB:
		if (is_latin)
			return latin(cp, LAT_BB);
		if (is_digit)
			return DIG_BB + (cp - '0');
		break;
	case OV_MFONT_CAL:
		if (is_latin)
			return latin(cp, LAT_SCR);
		break;
	case OV_MFONT_FRAK:
		if (is_latin)
			return latin(cp, LAT_FRAK);
		break;
	}
	/* no such character in the font: the default shape */
	return ov_math_alpha(cp, OV_MFONT_DEFAULT);
}
