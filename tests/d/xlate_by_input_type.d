/* Several translators to one struct (here a union) from different
   inputs: xlate picks the one whose input type the expression has; a
   translator need not define every member. */
#pragma D option quiet

union id {
	long number;
	int half;
};

translator union id < int n >
{
	number = n * 2;
	half = n / 2;
};

translator union id < struct task_struct *t >
{
	number = t->pid;
};

BEGIN
{
	printf("%d %d %d\n", xlate < union id > (10).number,
	    xlate < union id > (10).half,
	    xlate < union id > (curthread).number == tid);
	exit(0);
}
