console.log("its: not yet implemented")
