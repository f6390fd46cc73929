"""Languages of articles and knowledge-base text: detection (`detect`) and Japanese word tokens (`tokens`)."""
