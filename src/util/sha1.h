/*
 * sha1.h - SHA-1 (FIPS 180-4 §6.1), used only to derive name-based UUIDs
 * (RFC 4122 §4.3, version 5) for books without an identifier. Not for
 * security.
 */
#ifndef OV_SHA1_H
#define OV_SHA1_H

#include <stddef.h>
#include <stdint.h>

void ov_sha1(const void *data, size_t len, uint8_t out[20]);

/* RFC 4122 version-5 UUID of name in namespace ns (16 bytes), written as
 * "urn:uuid:xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx" into out (46 bytes). */
void ov_uuid5(const uint8_t ns[16], const char *name, size_t len, char out[46]);

/* The RFC 4122 Appendix C URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8. */
extern const uint8_t OV_UUID_NS_URL[16];

#endif
