/* Function prototypes and function pointers are declarations D accepts
 * and cannot call; the variables beside them work as usual. */
#pragma D option quiet

extern int getint(void);
extern int *(*funcptr)(void);
int twoparms(int, int), count;
int varargs(int, ...);

BEGIN
{
	count = 2;
	printf("count %d\n", count);
	exit(0);
}
