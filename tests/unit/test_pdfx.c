/* test_pdfx.c - the PDF/X-4 parts that a whole book does not reach
 * (pdfx.h): the ICC header check that refuses a wrong profile at the
 * start of a build (the Debian profiles pass; a display profile where an
 * output profile is wanted, a truncated file and a file that is no
 * profile do not, with their messages), and the seal that fills in the
 * instance's identifier: the same bytes give the same identifier, other
 * bytes another, in the trailer's /ID and the XMP alike. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pdf/pdfx.h"
#include "util/fsio.h"

static void test_profiles(void **state)
{
	(void)state;
	char msg[160];
	char *cmyk, *srgb;
	size_t clen, slen;
	assert_int_equal(ov_read_file(OV_CMYK_PROFILE, &cmyk, &clen), 0);
	assert_int_equal(ov_read_file(OV_SRGB_PROFILE, &srgb, &slen), 0);
	const unsigned char *c = (const unsigned char *)cmyk, *s = (const unsigned char *)srgb;
	assert_int_equal(ov_icc_check(c, clen, "prtr", "CMYK", msg, sizeof msg), 0);
	assert_int_equal(ov_icc_check(s, slen, "mntr", "RGB ", msg, sizeof msg), 0);
	assert_int_equal(ov_icc_check(s, slen, "prtr", "CMYK", msg, sizeof msg), -1);
	assert_string_equal(msg, "it is a 'mntr' profile of 'RGB ', not a 'prtr' profile of 'CMYK'");
	assert_int_equal(ov_icc_check(c, clen - 1, "prtr", "CMYK", msg, sizeof msg), -1);
	char want[100];
	snprintf(want, sizeof want, "it is truncated (its header says %zu bytes, the file has %zu)", clen, clen - 1);
	assert_string_equal(msg, want);
	assert_int_equal(ov_icc_check((const unsigned char *)"%PDF-1.6", 8, "prtr", "CMYK", msg, sizeof msg), -1);
	assert_string_equal(msg, "it is not an ICC profile");
	free(cmyk);
	free(srgb);
}

#define FAKE "%PDF-1.6\n1 0 obj\n<xmpMM:InstanceID>uuid:00000000-0000-0000-0000-000000000000</xmpMM:InstanceID>\n" \
             "endobj\ntrailer\n<<\n/ID [ <0123> <00000000000000000000000000000000> ]\n>>\n%%EOF\n"

static void test_seal(void **state)
{
	(void)state;
	char a[] = FAKE, b[] = FAKE, c[] = FAKE;
	c[5] = '7'; /* other bytes */
	assert_true(ov_pdfx_seal((unsigned char *)a, strlen(a), "urn:isbn:9780000000000"));
	assert_true(ov_pdfx_seal((unsigned char *)b, strlen(b), "urn:isbn:9780000000000"));
	assert_true(ov_pdfx_seal((unsigned char *)c, strlen(c), "urn:isbn:9780000000000"));
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_null(strstr(a, "<00000000000000000000000000000000>"));
	assert_null(strstr(a, "uuid:00000000-0000-0000-0000-000000000000"));
	/* the UUID is version 3 (from MD5), RFC 4122 §4.3 */
	const char *u = strstr(a, "uuid:");
	assert_non_null(u);
	assert_int_equal(u[5 + 14], '3');
	/* a file without the placeholders is refused, not patched */
	char d[] = "%PDF-1.6\ntrailer\n<< >>\n";
	assert_false(ov_pdfx_seal((unsigned char *)d, strlen(d), "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_seal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
