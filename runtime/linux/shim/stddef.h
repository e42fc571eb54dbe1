/* kmemsan: <stddef.h> for the runtime headers inside the kernel. */
#include <linux/stddef.h>
#include <linux/types.h>
