/* kmemsan: <stdint.h> for the runtime headers inside the kernel. */
#include <linux/types.h>
