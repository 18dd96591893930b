/* The mutex subroutines on a real kernel mutex: at mutex_lock's return the
   current thread owns the mutex it locked; Linux mutexes are adaptive.
   Under lockdep (the debug kernel) mutex_lock is mutex_lock_nested: each
   kernel has one of the two, hence zdefs. */
#pragma D option quiet
#pragma D option zdefs

fbt::mutex_lock:entry,
fbt::mutex_lock_nested:entry
{
	self->m = arg0;
}

fbt::mutex_lock:return,
fbt::mutex_lock_nested:return
/self->m/
{
	this->m = (struct mutex *)self->m;
	@[mutex_owned(this->m), mutex_owner(this->m) == curthread,
	    mutex_type_adaptive(this->m), mutex_type_spin(this->m)] = count();
	self->m = 0;
}

tick-500ms
{
	exit(0);
}

END
{
	printa("%d %d %d %d\n", @);
}
