/* bench.c: `kiosk --bench`. */
#include <stdio.h>

#include "kiosk.h"

int kiosk_bench(const struct kiosk_options *o)
{
	(void)o;
	fprintf(stderr, "kiosk: --bench is not built yet\n");
	return 2;
}
