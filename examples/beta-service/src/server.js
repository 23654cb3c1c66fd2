const express = require('express');

const app = express();
app.get('/healthcheck', (req, res) => res.send('OK'));
app.listen(process.env.PORT || 3000);
