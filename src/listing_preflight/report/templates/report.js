// Product cards, rendered one page at a time from the JSON data blob so that a catalog of
// 50,000 products opens at once; thumbnails are decoded only for the cards on screen.
// The filters live in the URL fragment (#verdict=..&rule=..&severity=..&q=..&sort=..&page=..)
// so a filtered view can be bookmarked, mailed or opened by a test.
(function(){
"use strict";
var L=JSON.parse(document.getElementById("labels").textContent);
var D=JSON.parse(document.getElementById("data").textContent);
var T=JSON.parse(document.getElementById("thumbs").textContent);
var PAGE=50, RANK={"reject-likely":0,"review-likely":1,"pass":2};
var P=D.products, F=D.findings;  // F[i] = [code, severity, field, variant, row, message, evidence]
var $=function(id){return document.getElementById(id);};
var ctl={verdict:$("f-verdict"),rule:$("f-rule"),severity:$("f-severity"),q:$("f-q"),sort:$("f-sort")};
var state={verdict:"",rule:"",severity:"",q:"",sort:"worst",page:1};

function esc(s){return String(s==null?"":s).replace(/[&<>"']/g,function(c){
  return {"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c];});}
function readHash(){
  var h=location.hash.replace(/^#/,""), s={verdict:"",rule:"",severity:"",q:"",sort:"worst",page:1};
  h.split("&").forEach(function(kv){if(!kv)return;var i=kv.indexOf("="),k=kv.slice(0,i),v=decodeURIComponent(kv.slice(i+1).replace(/\+/g," "));
    if(k in s)s[k]=k==="page"?Math.max(1,parseInt(v,10)||1):v;});
  state=s;["verdict","rule","severity","q","sort"].forEach(function(k){ctl[k].value=s[k];});
}
function writeHash(){
  var parts=[];["verdict","rule","severity","q","sort","page"].forEach(function(k){
    var v=state[k];if(v&&!(k==="sort"&&v==="worst")&&!(k==="page"&&v===1))parts.push(k+"="+encodeURIComponent(v));});
  history.replaceState(null,"","#"+parts.join("&"));
}
function matches(p){
  if(state.verdict&&p.v!==state.verdict)return false;
  if(state.rule||state.severity){
    var hit=p.f.some(function(i){var f=F[i];return(!state.rule||f[0]===state.rule)&&(!state.severity||f[1]===state.severity);});
    if(!hit)return false;
  }
  if(state.q){var q=state.q.toLowerCase();
    if(p.s.toLowerCase().indexOf(q)<0&&(p.t||"").toLowerCase().indexOf(q)<0)return false;}
  return true;
}
function sorted(list){
  var by={worst:function(a,b){return RANK[a.v]-RANK[b.v]||b.r-a.r||a.o-b.o;},
          risk:function(a,b){return b.r-a.r||a.o-b.o;},
          findings:function(a,b){return b.f.length-a.f.length||a.o-b.o;},
          sku:function(a,b){return a.s<b.s?-1:a.s>b.s?1:0;},
          row:function(a,b){return a.o-b.o;}}[state.sort]||null;
  return by?list.slice().sort(by):list;
}
function box(b,cls,style){
  return '<span class="box '+cls+'" style="left:'+(b[0]*100).toFixed(2)+'%;top:'+(b[1]*100).toFixed(2)+
    '%;width:'+((b[2]-b[0])*100).toFixed(2)+'%;height:'+((b[3]-b[1])*100).toFixed(2)+'%;'+(style||"")+'"></span>';
}
function hex(level){var h=Math.round(level).toString(16).toUpperCase();h=h.length<2?"0"+h:h;return "#"+h+h+h;}
function thumb(img,overlays,code){
  var t=T[img];
  var inner=t?'<img alt="'+esc(img)+'" title="'+esc(img)+'" src="data:image/jpeg;base64,'+t+'">'
             :'<span class="none" title="'+esc(img)+'">'+esc(L.nopreview)+'</span>';
  return '<span class="thumb" data-image="'+esc(img)+'"'+(code?' data-code="'+code+'"':"")+'>'+inner+(overlays||"")+'</span>';
}
function evidence(p){
  // image -> overlay markup drawn from the findings' evidence
  var over={}, pairs=[];
  p.f.forEach(function(i){
    var f=F[i], e=f[6]; if(!e||!e.image)return;
    var o="";
    if(e.region)o+=box(e.region,"mark ev-"+f[0]);
    if(e.product_box){var b=e.product_box;
      o+=box([0,0,1,b[1]],"margin ev-"+f[0])+box([0,b[3],1,1],"margin ev-"+f[0])+
         box([0,b[1],b[0],b[3]],"margin ev-"+f[0])+box([b[2],b[1],1,b[3]],"margin ev-"+f[0])+box(b,"product ev-"+f[0]);}
    if(e.border_level!=null){o+=box([0,0,1,1],"ring ev-"+f[0],"border-color:"+hex(e.border_level))+
      '<span class="tag">'+esc(hex(e.border_level))+'</span>';}
    if(e.colour&&/^#[0-9A-Fa-f]{6}$/.test(e.colour)){o+=box([0,0,1,1],"ring ev-"+f[0],"border-color:"+e.colour.toUpperCase())+
      '<span class="tag">'+esc(e.colour.toUpperCase())+'</span>';}  // IMG006: the measured backdrop colour
    if(e.background_box)o+=box(e.background_box,"mark ev-"+f[0]);
    if(o)over[e.image]=(over[e.image]||"")+o;
    var other=e.matched_image||e.repeats&&typeof e.repeats==="string"&&e.repeats||e.reference;
    if(other&&e.similarity_percent!=null)pairs.push('<span class="pair ev-'+f[0]+'">'+thumb(e.image,"",f[0])+
      thumb(other,"",f[0])+'<span class="score">'+esc(f[0])+'<br>'+esc(e.similarity_percent)+'%'+(e.brand?'<br>'+esc(e.brand):"")+'</span></span>');
  });
  return {over:over,pairs:pairs};
}
function card(p){
  var ev=evidence(p);
  var imgs=p.i.map(function(img){return thumb(img,ev.over[img]);}).join("");
  var rows=p.f.map(function(i){var f=F[i];
    return '<tr data-severity="'+f[1]+'" data-code="'+f[0]+'"><td><a href="#rule='+f[0]+'"><code>'+f[0]+'</code></a> <span class="badge '+f[1]+'">'+esc(L[f[1]])+
      '</span></td><td>'+esc(f[2]||"")+(f[3]?' ['+esc(f[3])+']':"")+'</td><td>'+esc(f[5])+'</td></tr>';}).join("");
  return '<article class="card" data-verdict="'+p.v+'" data-sku="'+esc(p.s)+'"><h3><span class="badge '+p.v+'">'+esc(L[p.v])+'</span>'+
    '<span class="sku">'+esc(p.s)+'</span><span class="title">'+esc(p.t||"")+'</span><span class="meta">'+esc(p.w)+' · '+esc(L.risk)+' '+Math.round(p.r*100)+'%</span></h3>'+
    (imgs||ev.pairs.length?'<div class="thumbs">'+imgs+ev.pairs.join("")+'</div>':"")+
    (rows?'<table class="findings"><tbody>'+rows+'</tbody></table>':"")+'</article>';
}
function render(){
  var list=sorted(P.filter(matches)), pages=Math.max(1,Math.ceil(list.length/PAGE));
  if(state.page>pages)state.page=pages;
  var start=(state.page-1)*PAGE, shown=list.slice(start,start+PAGE);
  $("products").innerHTML=shown.map(card).join("");
  $("shown").textContent=L.shown.replace("{shown}",list.length).replace("{total}",P.length);
  var nav="";
  if(pages>1){for(var n=1;n<=pages;n++){
    if(n===1||n===pages||Math.abs(n-state.page)<=3)nav+='<button type="button" data-page="'+n+'"'+(n===state.page?' aria-current="page"':"")+'>'+n+'</button>';
    else if(Math.abs(n-state.page)===4)nav+='<span>…</span>';}}
  $("pager").innerHTML=nav;
  document.body.setAttribute("data-rendered",String(shown.length));
}
function update(){["verdict","rule","severity","q","sort"].forEach(function(k){state[k]=ctl[k].value;});state.page=1;writeHash();render();}
["verdict","rule","severity","sort"].forEach(function(k){ctl[k].addEventListener("change",update);});
ctl.q.addEventListener("input",update);
$("pager").addEventListener("click",function(ev){var n=ev.target.getAttribute("data-page");
  if(n){state.page=parseInt(n,10);writeHash();render();$("products-section").scrollIntoView();}});
// A click on a rule or product of the summary changes the fragment: show the cards it selects.
window.addEventListener("hashchange",function(){readHash();render();$("products-section").scrollIntoView();});
readHash();render();
// When the first page was on screen (ms since navigation started): the benchmark reads it.
document.body.setAttribute("data-ready-ms",String(Math.round(performance.now())));
})();
