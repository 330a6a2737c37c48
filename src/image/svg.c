/* svg.c - see svg.h. */
#include "svg.h"
