/*
 * -x aggsize=512: each CPU's aggregation table holds 8 keys (an index
 * of 8 slots); the 12 keys after them are aggregation drops, reported
 * as DTrace reports them, while a key already in the table still counts.
 */
BEGIN
{
	@[0] = count(); @[1] = count(); @[2] = count(); @[3] = count();
	@[4] = count(); @[5] = count(); @[6] = count(); @[7] = count();
	@[8] = count(); @[9] = count(); @[10] = count(); @[11] = count();
	@[12] = count(); @[13] = count(); @[14] = count(); @[15] = count();
	@[16] = count(); @[17] = count(); @[18] = count(); @[19] = count();
	@[0] = count();
	exit(0);
}
