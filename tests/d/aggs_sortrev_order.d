/*
 * aggsortrev reverses the whole sort, the aggregations' own order at exit
 * included (DTrace compares the aggregation's ID first): @b before @a,
 * each with its largest value first.
 */
#pragma D option quiet
#pragma D option aggsortrev

BEGIN
{
	@a["x"] = sum(1);
	@a["y"] = sum(2);
	@b[1] = count();
	@b[2] = count();
	@b[2] = count();
	exit(0);
}
