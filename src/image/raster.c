/* raster.c - see raster.h. */
#include "raster.h"
